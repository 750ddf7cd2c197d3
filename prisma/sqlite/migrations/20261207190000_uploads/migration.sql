-- CreateTable
CREATE TABLE "Upload" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "blob" TEXT NOT NULL,
    "thumbBlob" TEXT,
    "thumbBytes" INTEGER,
    "requestId" TEXT,
    "messageId" TEXT,
    "position" INTEGER,
    "attachedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Upload_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Upload_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ServiceRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Upload_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "RequestMessage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UploadBlob" (
    "sha256" TEXT NOT NULL PRIMARY KEY,
    "data" BLOB NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Upload_customerId_createdAt_idx" ON "Upload"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "Upload_requestId_idx" ON "Upload"("requestId");

-- CreateIndex
CREATE INDEX "Upload_messageId_idx" ON "Upload"("messageId");

-- CreateIndex
CREATE INDEX "Upload_attachedAt_createdAt_idx" ON "Upload"("attachedAt", "createdAt");

-- CreateIndex
CREATE INDEX "Upload_blob_idx" ON "Upload"("blob");

-- CreateIndex
CREATE INDEX "Upload_thumbBlob_idx" ON "Upload"("thumbBlob");
