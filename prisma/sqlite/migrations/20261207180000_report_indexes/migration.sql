-- CreateIndex
CREATE INDEX "ServiceRequest_report_idx" ON "ServiceRequest"("createdAt", "agentId", "boundAgentId", "acknowledgedAt", "resolvedAt", "firstOfferedAt", "hops");

-- CreateIndex
CREATE INDEX "ServiceRequest_agentId_createdAt_idx" ON "ServiceRequest"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_boundAgentId_createdAt_idx" ON "ServiceRequest"("boundAgentId", "createdAt");

-- CreateIndex
CREATE INDEX "Binding_endedAt_endReason_idx" ON "Binding"("endedAt", "endReason");

-- CreateIndex
CREATE INDEX "Binding_handoverAt_idx" ON "Binding"("handoverAt");

-- CreateIndex
CREATE INDEX "Rating_createdAt_stars_idx" ON "Rating"("createdAt", "stars");

-- CreateIndex
CREATE INDEX "GiftSent_createdAt_points_idx" ON "GiftSent"("createdAt", "points");
