import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

/// `--metrics-file` / `paths.metrics_file`: the real binary against the simulator on loopback;
/// the file is read with a strict parser of Prometheus' text format (`PrometheusText`) and its
/// values are checked against the run's report.json, api-calls.jsonl and state file.
@Suite("metrics file (Prometheus text format)")
struct MetricsFileCLITests {
    func metrics(_ url: URL) throws -> PrometheusText {
        let text = try String(contentsOf: url, encoding: .utf8)
        do {
            return try PrometheusText.parse(text)
        } catch {
            Issue.record("\(error)\n\(text)")
            throw error
        }
    }

    func apiCalls(_ report: URL) throws -> [[String: Any]] {
        let text = try String(
            contentsOf: report.deletingLastPathComponent().appendingPathComponent("api-calls.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("a sync writes metrics that agree with report.json, api-calls.jsonl and the state")
    func syncMetricsAgreeWithTheReport() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        // 40 registrants of a recurring meeting: one add call each, enough for the client to pace itself.
        try scene.writeGuideCourse(
            bookings: SyncScene.bookings(40) + ["BN27-09999;10062;Frau;Ohne;Adresse;;;Bestätigte Buchung"])
        let file = scene.dir.url.appendingPathComponent("textfile/semco-zoom.prom")
        let result = try await scene.run(
            "sync", ["--keep-drop", "--json", "--metrics-file", "textfile/semco-zoom.prom"])
        #expect(result.exitCode == 3, "\(result.stdout)\n\(result.stderr)")
        let reportURL = try scene.reportFile(result)
        let report = try scene.report(result)
        let m = try metrics(file)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(summary["metricsFile"] as? String == file.standardizedFileURL.path, "--json names the file")

        // The file is for node_exporter (another user): 0644, and holds no secret and no personal data.
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int)
        #expect(mode == 0o644)
        let text = try String(contentsOf: file, encoding: .utf8)
        for secret in [SyncScene.secret, SyncScene.trainer, "teil1@example.org", "10062", "Narkose"] {
            #expect(!text.contains(secret), "\(secret) in the metrics file")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == [
                "semco-zoom.prom"
            ],
            "no temporary file left behind")

        // The run.
        #expect(m.value("semco_zoom_last_run_info", ["mode": "sync"]) == 1)
        #expect(m.value("semco_zoom_last_run_exit_code") == Double(report.exitCode))
        let start = try #require(m.value("semco_zoom_last_run_start_timestamp_seconds"))
        let end = try #require(m.value("semco_zoom_last_run_end_timestamp_seconds"))
        #expect(abs(start - report.startedAt.timeIntervalSince1970) < 1)
        #expect(abs(end - report.finishedAt.timeIntervalSince1970) < 1)
        let duration = try #require(m.value("semco_zoom_last_run_duration_seconds"))
        #expect(abs(duration - (end - start)) < 0.002)
        #expect(m.value("semco_zoom_runs_total", ["mode": "sync", "exit_code": "3"]) == 1)
        #expect(m.value("semco_zoom_runs_total", ["mode": "sync", "exit_code": "0"]) == 0)
        #expect(m.value("semco_zoom_last_completed_timestamp_seconds") == end)
        #expect(m.family("semco_zoom_last_success_timestamp_seconds")?.samples.isEmpty == true, "exit 3 is no success")

        // Actions by kind and status, diagnostics by severity, courses by result: as in report.json.
        var actions: [[String: String]: Double] = [:]
        for action in report.actions {
            actions[["kind": action.kind.rawValue, "status": action.status.rawValue], default: 0] += 1
        }
        let written = try #require(m.family("semco_zoom_last_run_actions")).samples
        #expect(Dictionary(uniqueKeysWithValues: written.map { ($0.labels, $0.value) }) == actions)
        #expect(actions[["kind": "add_registrant", "status": "applied"]] == 40)
        #expect(m.value("semco_zoom_last_run_diagnostics", ["severity": "error"]) == Double(report.counts.errors))
        #expect(m.value("semco_zoom_last_run_diagnostics", ["severity": "warning"]) == Double(report.counts.warnings))
        #expect(m.value("semco_zoom_last_run_diagnostics", ["severity": "info"]) == Double(report.counts.infos))
        #expect(report.counts.errors > 0)
        for result in ["ok", "failed", "deferred"] {
            #expect(
                m.value("semco_zoom_last_run_courses", ["result": result])
                    == Double(report.courses.filter { $0.result.rawValue == result }.count))
        }
        #expect(m.value("semco_zoom_last_run_courses", ["result": "failed"]) == Double(report.counts.coursesFailed))
        let managed = try scene.state().courses.values.filter { $0.phase == .active }.count
        #expect(managed == 1)
        #expect(m.value("semco_zoom_managed_courses") == Double(managed))

        // Zoom calls: one per line of api-calls.jsonl, by status; retries and 429s as the log has them.
        let calls = try apiCalls(reportURL)
        let requests = try #require(m.family("semco_zoom_last_run_zoom_requests")).samples
        #expect(requests.reduce(0) { $0 + $1.value } == Double(calls.count))
        var byCode: [String: Double] = [:]
        for call in calls { byCode[(call["status"] as? Int).map(String.init) ?? "none", default: 0] += 1 }
        var writtenByCode: [String: Double] = [:]
        for sample in requests { writtenByCode[sample.labels["code"]!, default: 0] += sample.value }
        #expect(writtenByCode == byCode)
        #expect(Set(requests.map { $0.labels["rate_label"]! }).isSubset(of: ["light", "medium", "heavy", "oauth"]))
        #expect(requests.contains { $0.labels == ["rate_label": "oauth", "code": "200"] })
        let retries = calls.filter { ($0["attempt"] as? Int ?? 1) > 1 }.count
        #expect(m.value("semco_zoom_last_run_zoom_retries") == Double(retries))
        let throttled = calls.filter { $0["status"] as? Int == 429 }.count
        let perSecond = try #require(
            m.value("semco_zoom_last_run_zoom_rate_limited_responses", ["limit": "per_second"]))
        let daily = try #require(m.value("semco_zoom_last_run_zoom_rate_limited_responses", ["limit": "daily"]))
        #expect(perSecond + daily == Double(throttled))
        let wait = try #require(m.value("semco_zoom_last_run_zoom_rate_limit_wait_seconds"))
        let ratio = try #require(m.value("semco_zoom_last_run_zoom_rate_limit_wait_ratio"))
        #expect(wait >= 0 && wait <= duration + 0.002)
        #expect(ratio >= 0 && ratio <= 1)
        #expect(duration == 0 || abs(ratio - min(1, wait / duration)) < 0.001)
        print(
            "metrics: \(calls.count) calls in \(duration) s, \(wait) s waiting on rate limits (ratio \(ratio)), \(throttled) × 429"
        )
    }

    @Test("later runs carry the run counter and the last success over; plan, fatal and locked runs write too")
    func laterRunsCarryCountersOver() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        let file = scene.dir.url.appendingPathComponent("metrics.prom")
        let options = ["--keep-drop", "--metrics-file", file.path]

        let first = try await scene.run("sync", options)
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        let afterSync = try metrics(file)
        let success = try #require(afterSync.value("semco_zoom_last_success_timestamp_seconds"))
        #expect(success == afterSync.value("semco_zoom_last_run_end_timestamp_seconds"))
        #expect(afterSync.value("semco_zoom_last_completed_timestamp_seconds") == success)

        // plan: in step, exit 0; its own mode; the sync's success stays.
        let plan = try await scene.run("plan", ["--metrics-file", file.path])
        #expect(plan.exitCode == 0, "\(plan.stdout)\n\(plan.stderr)")
        let afterPlan = try metrics(file)
        #expect(afterPlan.value("semco_zoom_last_run_info", ["mode": "plan"]) == 1)
        #expect(afterPlan.value("semco_zoom_last_run_exit_code") == 0)
        #expect(afterPlan.value("semco_zoom_runs_total", ["mode": "sync", "exit_code": "0"]) == 1)
        #expect(afterPlan.value("semco_zoom_runs_total", ["mode": "plan", "exit_code": "0"]) == 1)
        #expect(afterPlan.value("semco_zoom_last_success_timestamp_seconds") == success)
        #expect(afterPlan.value("semco_zoom_managed_courses") == 1)

        // A config that cannot be read: exit 1, still in the file (the path came from the command line).
        let fatal = try await scene.run("sync", options + ["--config", "missing.yaml"])
        #expect(fatal.exitCode == 1)
        let afterFatal = try metrics(file)
        #expect(afterFatal.value("semco_zoom_last_run_exit_code") == 1)
        #expect(afterFatal.value("semco_zoom_runs_total", ["mode": "sync", "exit_code": "1"]) == 1)
        #expect(afterFatal.value("semco_zoom_last_success_timestamp_seconds") == success)
        #expect(afterFatal.family("semco_zoom_last_run_zoom_requests")?.samples.isEmpty == true)
        #expect(afterFatal.value("semco_zoom_last_run_zoom_rate_limit_wait_seconds") == 0)

        // Another run holds the lock: exit 75, written, nothing else touched.
        let lock = try RunLock.acquire(StateStore(url: scene.stateFile).lockURL)
        let locked = try await scene.run("sync", options)
        lock.release()
        #expect(locked.exitCode == 75, "\(locked.stdout)\n\(locked.stderr)")
        let afterLock = try metrics(file)
        #expect(afterLock.value("semco_zoom_last_run_exit_code") == 75)
        #expect(afterLock.value("semco_zoom_runs_total", ["mode": "sync", "exit_code": "75"]) == 1)
        #expect(afterLock.value("semco_zoom_runs_total", ["mode": "sync", "exit_code": "0"]) == 1)
        #expect(afterLock.value("semco_zoom_last_success_timestamp_seconds") == success)
    }

    @Test("a sync refused by the mass-cancel guard writes exit 4 and its refused plan")
    func massCancelRefusal() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse(bookings: SyncScene.bookings(12))
        let first = try await scene.run("sync", [])
        #expect(first.exitCode == 0, "\(first.stdout)\n\(first.stderr)")
        // The next export lost every booking of the course: 12 cancellations, over the guard's 10 and 20 %.
        try scene.writeGuideCourse(bookings: [], stamp: "20270302_2200")
        let refused = try await scene.run("sync", ["--json", "--metrics-file", "metrics.prom"])
        #expect(refused.exitCode == 4, "\(refused.stdout)\n\(refused.stderr)")
        let report = try scene.report(refused)
        let m = try metrics(scene.dir.url.appendingPathComponent("metrics.prom"))
        #expect(m.value("semco_zoom_last_run_exit_code") == 4)
        #expect(m.value("semco_zoom_runs_total", ["mode": "sync", "exit_code": "4"]) == 1)
        #expect(m.value("semco_zoom_last_run_actions", ["kind": "cancel_registrant", "status": "planned"]) == 12)
        #expect(
            Double(report.actions.count) == m.family("semco_zoom_last_run_actions")?.samples.reduce(0) { $0 + $1.value }
        )
        #expect(
            m.family("semco_zoom_last_success_timestamp_seconds")?.samples.isEmpty == true,
            "a fresh file: nothing to carry over")
    }

    @Test("the config key paths.metrics_file names the file, relative to the config file")
    func configKey() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        try scene.dir.write("etc/semco-zoom.yaml", "paths:\n  metrics_file: ../textfile/acme.prom\n")
        let result = try await scene.run("plan", ["--config", "etc/semco-zoom.yaml"])
        #expect(result.exitCode == 2, "\(result.stdout)\n\(result.stderr)")
        let m = try metrics(scene.dir.url.appendingPathComponent("textfile/acme.prom"))
        #expect(m.value("semco_zoom_last_run_exit_code") == 2)
        #expect(m.value("semco_zoom_last_run_actions", ["kind": "create_meeting", "status": "planned"]) == 1)
    }

    @Test(
        "a metrics file that cannot be written is said on stderr in the run's language; the exit code stays the run's")
    func unwritableMetricsFile() async throws {
        let scene = try await SyncScene.start()
        defer { Task { await scene.stop() } }
        try scene.writeGuideCourse()
        try scene.dir.write("blocker", "a file, not a folder\n")
        let german = try await scene.run("plan", ["--metrics-file", "blocker/metrics.prom"])
        #expect(german.exitCode == 2)
        #expect(german.stderr.contains("Metrikdatei nicht geschrieben"), "\(german.stderr)")
        let english = try await scene.run("plan", ["--metrics-file", "blocker/metrics.prom", "--language", "en"])
        #expect(english.exitCode == 2)
        #expect(english.stderr.contains("Metrics file not written"), "\(english.stderr)")
        #expect(!english.stderr.contains(SyncScene.secret))
    }
}
