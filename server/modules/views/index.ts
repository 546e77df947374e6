/** What other modules may call of the views module. */
export { applySavedView, type SavedView } from "./use-cases";
