DROP INDEX "reports_received_idx";--> statement-breakpoint
DROP INDEX "overdose_areas_area_idx";