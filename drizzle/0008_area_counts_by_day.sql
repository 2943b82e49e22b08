-- Dashboards ask for every area of a layer over a date range; the primary key leads with the area, so
-- that read scanned the whole layer. This index serves it from the index alone.
CREATE INDEX "daily_area_counts_layer_day_idx" ON "daily_area_counts" ("jurisdiction_id", "layer_id", "day") INCLUDE ("area_id", "source_type", "fatal", "count");
