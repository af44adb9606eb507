CREATE TABLE "indicator_frameworks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"based_on" uuid,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "indicator_frameworks_status" CHECK ("indicator_frameworks"."status" in ('draft', 'published', 'retired')),
	CONSTRAINT "indicator_frameworks_version" CHECK ("indicator_frameworks"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "indicator_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"framework_id" uuid NOT NULL,
	"group_code" text NOT NULL,
	"group_name" text NOT NULL,
	"point_code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"weight" integer NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"sort" integer NOT NULL,
	CONSTRAINT "indicator_points_weight" CHECK ("indicator_points"."weight" >= 0)
);
--> statement-breakpoint
ALTER TABLE "indicator_frameworks" ADD CONSTRAINT "indicator_frameworks_based_on_indicator_frameworks_id_fk" FOREIGN KEY ("based_on") REFERENCES "public"."indicator_frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_frameworks" ADD CONSTRAINT "indicator_frameworks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_frameworks" ADD CONSTRAINT "indicator_frameworks_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_points" ADD CONSTRAINT "indicator_points_framework_id_indicator_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."indicator_frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_frameworks_name_version" ON "indicator_frameworks" USING btree ("name","version");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_points_framework_code" ON "indicator_points" USING btree ("framework_id","point_code");