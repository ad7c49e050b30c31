import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// The parts of the metrics file that the end-to-end tests (MetricsFileCLITests) cannot steer:
/// the wait measurement under concurrency, carrying over from a damaged file, and that the
/// strict parser the end-to-end tests rely on does refuse what the format forbids.
@Suite struct MetricsFileTests {
    @Test func rateLimiterWaitsCountOnceWhileOverlapping() async {
        // Heavy on Pro at headroom 0.2: 2 per second, so 6 requests at once wait about 2.5 s in all.
        let limiter = ZoomRateLimiter(plan: .pro, headroom: 0.2)
        let statistics = ZoomCallStatistics()
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { await limiter.acquire(.heavy, waits: statistics) } }
        }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let waited = statistics.figures().rateLimitWaitSeconds
        // The union of the waits: not 6 overlapping waits added up (which would be ~7.5 s).
        #expect(waited > 2.0)
        #expect(waited <= seconds + 0.01)
    }

    @Test func attemptsRetriesAndThrottlingAreCounted() {
        let statistics = ZoomCallStatistics()
        statistics.attempt(label: "light", status: 201, attempt: 1)
        statistics.attempt(label: "light", status: 429, attempt: 1)
        statistics.rateLimited(daily: false)
        statistics.attempt(label: "light", status: 201, attempt: 2)
        statistics.attempt(label: "medium", status: nil, attempt: 1)
        let figures = statistics.figures()
        #expect(
            figures.requests == [
                .init(rateLabel: "light", status: 201): 2, .init(rateLabel: "light", status: 429): 1,
                .init(rateLabel: "medium", status: nil): 1,
            ])
        #expect(figures.retries == 1)
        #expect(figures.rateLimitedPerSecond == 1)
        #expect(figures.rateLimitedDaily == 0)
    }

    static func metrics(mode: RunMode, exit: SemcoZoomCore.ExitStatus, at end: Date) -> RunMetrics {
        var outcome = RunOutcome(runID: "r", mode: mode, startedAt: end.addingTimeInterval(-10))
        outcome.finishedAt = end
        outcome.exitStatus = exit
        return RunMetrics(outcome: outcome, document: nil, state: nil, zoom: nil)
    }

    @Test func countersCarryOverAndADamagedFileStartsThemAgain() throws {
        let night = Date(timeIntervalSince1970: 1_800_000_000)
        let first = MetricsFile.render(Self.metrics(mode: .sync, exit: .ok, at: night))
        let second = MetricsFile.render(
            Self.metrics(mode: .sync, exit: .fatal, at: night.addingTimeInterval(86_400)),
            carried: MetricsFile.carriedOver(from: first))
        let parsed = try PrometheusText.parse(second)
        #expect(parsed.value("semco_zoom_runs_total", ["mode": "sync", "exit_code": "0"]) == 1)
        #expect(parsed.value("semco_zoom_runs_total", ["mode": "sync", "exit_code": "1"]) == 1)
        #expect(parsed.value("semco_zoom_last_success_timestamp_seconds") == 1_800_000_000)
        #expect(parsed.value("semco_zoom_last_run_exit_code") == 1)

        let damaged = first.replacingOccurrences(
            of: "semco_zoom_runs_total{exit_code=\"0\",mode=\"sync\"} 1",
            with: "semco_zoom_runs_total{exit_code=\"0\",mode=\"sync} 1")
        #expect(damaged != first)
        let carried = MetricsFile.carriedOver(from: damaged + "garbage {\n")
        #expect(carried.runs[.init(mode: "sync", exitCode: "0")] == nil)
        #expect(carried.lastSuccess == 1_800_000_000)
    }

    @Test func labelValuesAreEscaped() throws {
        var out = MetricsFile.Exposition()
        out.family("x_info", "gauge", "A help text with a \\ and a\nline break.")
        out.sample("x_info", ["v": "a \"quoted\" \\ value\nwith a line break"], 1)
        let parsed = try PrometheusText.parse(out.text)
        #expect(parsed.family("x_info")?.samples.first?.labels["v"] == "a \"quoted\" \\ value\nwith a line break")
    }

    @Test(
        "the strict parser refuses what the format or node_exporter refuse",
        arguments: [
            "x 1\n",  // no HELP/TYPE
            "# HELP x h\n# TYPE x gauge\nx 1",  // no final line feed
            "# HELP x h\n# TYPE x gauge\nx 1 1700000000000\n",  // a timestamp
            "# HELP x h\n# TYPE x gauge\nx{a=\"1\",} 1\n",  // trailing comma
            "# HELP x h\n# TYPE x gauge\nx{a=\"\\t\"} 1\n",  // bad escape
            "# HELP x h\n# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n",  // duplicate series
            "# HELP x h\n# TYPE x gauge\nx 1\n# HELP y h\n# TYPE y gauge\ny 1\nx 2\n",  // family split in two
            "# HELP x_total h\n# TYPE x_total gauge\nx_total 1\n",  // _total on a gauge
            "# HELP x h\n# TYPE x counter\nx 1\n",  // counter without _total
            "# HELP x h\n# TYPE x gauge\nx one\n",  // not a number
            "# HELP 1x h\n# TYPE 1x gauge\n1x 1\n",  // bad name
            "# HELP x h\n# TYPE x gauge\n\nx 1\n",  // empty line
            "# HELP x h\r\n# TYPE x gauge\r\nx 1\r\n",  // CRLF
        ])
    func strictParserRefuses(_ text: String) {
        #expect(throws: PrometheusText.Failure.self) { try PrometheusText.parse(text) }
    }
}
