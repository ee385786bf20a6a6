-- CreateTable
CREATE TABLE "digest_runs" (
    "frequency" "digest_frequency" NOT NULL,
    "period_key" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "digest_runs_pkey" PRIMARY KEY ("frequency","period_key")
);

