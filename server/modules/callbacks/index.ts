/** What other modules may call of the callbacks module. */
export { enqueueDelivery, type DeliveryRequest } from "./enqueue";
