import Foundation

extension SyncRun {
    /// The metrics file (`--metrics-file`, else `paths.metrics_file`), written by every run that
    /// knows where it goes: also one that stops early (exit 1, 4, 75), so that monitoring sees
    /// it. Only a run whose config cannot be read and that has no `--metrics-file` writes none.
    func writeMetrics(
        _ result: inout RunResult, document: ReportDocument?, rows: ReportRows?, state: SyncState?,
        configuration: Configuration?,
        zoomCalls: ZoomCallStatistics?
    ) {
        guard let path = request.metricsFile ?? configuration?.paths.metricsFile else { return }
        let url = RunPaths.url(path, in: request.workingDirectory)
        let metrics = RunMetrics(
            outcome: result.outcome, document: document, rows: rows, state: state, zoom: zoomCalls?.figures())
        do {
            try MetricsFile.write(metrics, to: url)
            result.metricsFile = url
        } catch {
            result.metricsError = (error as? OutputError)?.message ?? Self.describe(error)
        }
    }
}
