-- Letta's ORM defaults `background` to false; runs stored before this kept NULL, which `background=false` filters skipped.
UPDATE "runs" SET "background" = false WHERE "background" IS NULL;--> statement-breakpoint
ALTER TABLE "runs" ALTER COLUMN "background" SET DEFAULT false;--> statement-breakpoint
ALTER TABLE "runs" ALTER COLUMN "background" SET NOT NULL;
