import Foundation

/// The figures of one finished `sync` or `plan` run, for `--metrics-file` (docs/metrics.md).
/// Taken from what `report.json` says (actions, diagnostics, courses), the state after the run
/// (managed courses) and the Zoom client (calls, retries, 429s, time held back by rate limits).
public struct RunMetrics: Sendable, Equatable {
    public struct ActionKey: Sendable, Hashable, Comparable {
        /// `report.json` action `kind` and `status`.
        public var kind: String
        public var status: String
        public static func < (a: ActionKey, b: ActionKey) -> Bool { (a.kind, a.status) < (b.kind, b.status) }
    }

    public var mode: RunMode
    public var startedAt: Date
    public var finishedAt: Date
    public var exitCode: Int32
    public var actions: [ActionKey: Int] = [:]
    /// `error`, `warning`, `info` → count (every severity present).
    public var diagnostics: [String: Int] = [:]
    /// `report.json` course `result` (`ok`, `failed`, `deferred`) → count (every result present).
    public var courses: [String: Int] = [:]
    /// Courses the state file manages (phase active) after the run; nil when the run had no state.
    public var managedCourses: Int?
    /// Nil when the run never reached Zoom (the series are then written as zero).
    public var zoom: ZoomCallFigures?

    /// - Parameters:
    ///   - document: the run's `report.json` (nil when the run stopped before it had an output folder).
    ///   - rows: the report's actions when the document does not hold them (a run's, made as read).
    ///   - state: the state after the run, when known.
    public init(
        outcome: RunOutcome, document: ReportDocument?, rows: ReportRows? = nil, state: SyncState?,
        zoom: ZoomCallFigures?
    ) {
        mode = outcome.mode
        startedAt = outcome.startedAt
        finishedAt = outcome.finishedAt ?? outcome.startedAt
        exitCode = outcome.exitStatus.rawValue
        for severity in Severity.allCases { diagnostics[severity.rawValue] = 0 }
        for result in ReportCourse.Result.allCases { courses[result.rawValue] = 0 }
        if let document {
            let rows = rows ?? ReportRows(document.actions)
            for index in rows.indices {
                let action = rows[index]
                actions[ActionKey(kind: action.kind.rawValue, status: action.status.rawValue), default: 0] += 1
            }
            diagnostics[Severity.error.rawValue] = document.counts.errors
            diagnostics[Severity.warning.rawValue] = document.counts.warnings
            diagnostics[Severity.info.rawValue] = document.counts.infos
            for course in document.courses { courses[course.result.rawValue, default: 0] += 1 }
        } else {
            diagnostics[Severity.error.rawValue] = outcome.counts.errors
            diagnostics[Severity.warning.rawValue] = outcome.counts.warnings
            diagnostics[Severity.info.rawValue] = outcome.counts.infos
        }
        managedCourses = state.map { $0.courses.values.filter { $0.phase == .active }.count }
        self.zoom = zoom
    }

    /// Seconds from start to end (never negative).
    public var durationSeconds: Double { max(0, finishedAt.timeIntervalSince(startedAt)) }

    /// The share of the run during which a Zoom call waited for a per-second limit (0…1).
    public var rateLimitWaitRatio: Double {
        let wait = zoom?.rateLimitWaitSeconds ?? 0
        guard durationSeconds > 0 else { return 0 }
        return min(1, wait / durationSeconds)
    }

    /// The run ended as a nightly run should: `sync` with exit 0.
    var succeeded: Bool { mode == .sync && exitCode == ExitStatus.ok.rawValue }
    /// The run went through (`sync` with exit 0 or 3: everything but the failed courses is in step).
    var completed: Bool {
        mode == .sync && (exitCode == ExitStatus.ok.rawValue || exitCode == ExitStatus.partial.rawValue)
    }
}

/// Writes `RunMetrics` in Prometheus' text exposition format (0.0.4) for node_exporter's
/// textfile collector or a Pushgateway. The file is replaced atomically (temp file + rename),
/// so the collector never reads half of it. It is mode 0644, unlike every other output: it
/// holds counts and times only (no name, address, course or id), and it exists to be read by
/// another service's user (node_exporter).
///
/// Per-run figures are gauges named `semco_zoom_last_run_…`: the file is rewritten by every
/// run, and a count that starts again at every run exposed as a counter would make `rate()`
/// and `increase()` wrong. The counter `semco_zoom_runs_total` and the success timestamps are
/// carried over from the previous file, so that they span runs.
public enum MetricsFile {
    public static let fileMode: mode_t = 0o644
    /// Exit codes whose `semco_zoom_runs_total` series exist from the first run on (with 0), so
    /// that `increase()` sees the first failure of a kind.
    static let knownExitCodes: [RunMode: [Int32]] = [.sync: [0, 1, 3, 4, 75], .plan: [0, 1, 2, 3, 4, 75]]

    struct RunsKey: Hashable, Comparable {
        var mode: String
        var exitCode: String
        static func < (a: RunsKey, b: RunsKey) -> Bool {
            (a.mode, Int(a.exitCode) ?? 0) < (b.mode, Int(b.exitCode) ?? 0)
        }
    }

    /// What a run takes over from the file the previous run left.
    struct Carried: Equatable {
        var lastSuccess: Double?
        var lastCompleted: Double?
        var runs: [RunsKey: Double] = [:]
    }

    /// Writes the metrics of `metrics` to `url`, carrying over the counters of the file there.
    public static func write(_ metrics: RunMetrics, to url: URL) throws {
        var carried = Carried()
        if let data = try? Data(contentsOf: url), data.count < 1 << 20 {
            carried = carriedOver(from: String(decoding: data, as: UTF8.self))
        }
        try OwnerOnlyFiles.write(Data(render(metrics, carried: carried).utf8), to: url, mode: fileMode)
    }

    // MARK: - Rendering

    static func render(_ m: RunMetrics, carried previous: Carried = Carried()) -> String {
        var carried = previous
        let end = seconds(m.finishedAt)
        if m.succeeded { carried.lastSuccess = end }
        if m.completed { carried.lastCompleted = end }
        for (mode, codes) in knownExitCodes {
            for code in codes { carried.runs[RunsKey(mode: mode.rawValue, exitCode: String(code)), default: 0] += 0 }
        }
        carried.runs[RunsKey(mode: m.mode.rawValue, exitCode: String(m.exitCode)), default: 0] += 1
        let zoom = m.zoom ?? ZoomCallFigures()

        var out = Exposition()
        out.family("semco_zoom_last_run_info", "gauge", "The last sync or plan run: its mode (always 1).")
        out.sample("semco_zoom_last_run_info", ["mode": m.mode.rawValue], 1)
        out.gauge(
            "semco_zoom_last_run_start_timestamp_seconds", "Start of the last run, Unix time.",
            value: seconds(m.startedAt))
        out.gauge("semco_zoom_last_run_end_timestamp_seconds", "End of the last run, Unix time.", value: end)
        out.gauge("semco_zoom_last_run_duration_seconds", "Length of the last run.", value: rounded(m.durationSeconds))
        out.gauge(
            "semco_zoom_last_run_exit_code",
            "Exit code of the last run (0 ok, 1 fatal, 2 plan: changes pending, "
                + "3 some courses failed or deferred, 4 mass-cancel guard, 75 locked).", value: Double(m.exitCode))
        out.family(
            "semco_zoom_last_success_timestamp_seconds", "gauge", "End of the last sync that exited 0, Unix time.")
        if let value = carried.lastSuccess { out.sample("semco_zoom_last_success_timestamp_seconds", [:], value) }
        out.family(
            "semco_zoom_last_completed_timestamp_seconds", "gauge",
            "End of the last sync that went through (exit 0 or 3), Unix time.")
        if let value = carried.lastCompleted { out.sample("semco_zoom_last_completed_timestamp_seconds", [:], value) }
        out.family("semco_zoom_runs_total", "counter", "Runs that wrote this file, by mode and exit code.")
        for key in carried.runs.keys.sorted() {
            out.sample("semco_zoom_runs_total", ["mode": key.mode, "exit_code": key.exitCode], carried.runs[key]!)
        }

        out.family(
            "semco_zoom_last_run_actions", "gauge", "Actions of the last run by kind and status (report.json actions).")
        for key in m.actions.keys.sorted() {
            out.sample(
                "semco_zoom_last_run_actions", ["kind": key.kind, "status": key.status], Double(m.actions[key]!))
        }
        out.family("semco_zoom_last_run_diagnostics", "gauge", "Diagnostics of the last run by severity.")
        for severity in m.diagnostics.keys.sorted() {
            out.sample("semco_zoom_last_run_diagnostics", ["severity": severity], Double(m.diagnostics[severity]!))
        }
        out.family(
            "semco_zoom_last_run_courses", "gauge",
            "Courses the last run concerned by result (failed: in the inbox; deferred: work waits for a later run).")
        for result in m.courses.keys.sorted() {
            out.sample("semco_zoom_last_run_courses", ["result": result], Double(m.courses[result]!))
        }
        out.family("semco_zoom_managed_courses", "gauge", "Courses the state file manages after the last run.")
        if let managed = m.managedCourses { out.sample("semco_zoom_managed_courses", [:], Double(managed)) }

        out.family(
            "semco_zoom_last_run_zoom_requests", "gauge",
            "HTTP requests to Zoom in the last run by rate label and status code (none: no answer).")
        for key in zoom.requests.keys.sorted() {
            out.sample(
                "semco_zoom_last_run_zoom_requests",
                ["rate_label": key.rateLabel, "code": key.status.map(String.init) ?? "none"],
                Double(zoom.requests[key]!))
        }
        out.gauge(
            "semco_zoom_last_run_zoom_retries", "Requests to Zoom in the last run that repeated an earlier attempt.",
            value: Double(zoom.retries))
        out.family(
            "semco_zoom_last_run_zoom_rate_limited_responses", "gauge",
            "HTTP 429 answers from Zoom in the last run by limit (per_second or daily).")
        out.sample("semco_zoom_last_run_zoom_rate_limited_responses", ["limit": "daily"], Double(zoom.rateLimitedDaily))
        out.sample(
            "semco_zoom_last_run_zoom_rate_limited_responses", ["limit": "per_second"],
            Double(zoom.rateLimitedPerSecond))
        out.gauge(
            "semco_zoom_last_run_zoom_rate_limit_wait_seconds",
            "Time of the last run during which at least one Zoom request waited for a per-second rate limit.",
            value: rounded(zoom.rateLimitWaitSeconds))
        out.gauge(
            "semco_zoom_last_run_zoom_rate_limit_wait_ratio",
            "Share of the last run during which at least one Zoom request waited for a per-second rate limit (0 to 1).",
            value: (m.rateLimitWaitRatio * 10_000).rounded() / 10_000)
        return out.text
    }

    static func seconds(_ date: Date) -> Double { rounded(date.timeIntervalSince1970) }
    /// Milliseconds are enough, and keep the numbers short.
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// The text format's lines: `# HELP`, `# TYPE`, samples.
    struct Exposition {
        var text = ""

        mutating func family(_ name: String, _ type: String, _ help: String) {
            text += "# HELP \(name) \(escapeHelp(help))\n# TYPE \(name) \(type)\n"
        }

        mutating func sample(_ name: String, _ labels: [String: String], _ value: Double) {
            text += name
            if !labels.isEmpty {
                text +=
                    "{" + labels.keys.sorted().map { "\($0)=\"\(escapeLabel(labels[$0]!))\"" }.joined(separator: ",")
                    + "}"
            }
            text += " " + format(value) + "\n"
        }

        mutating func gauge(_ name: String, _ help: String, value: Double) {
            family(name, "gauge", help)
            sample(name, [:], value)
        }

        func format(_ value: Double) -> String {
            if value.isNaN { return "NaN" }
            if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        }

        func escapeHelp(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        }

        func escapeLabel(_ text: String) -> String {
            escapeHelp(text).replacingOccurrences(of: "\"", with: "\\\"")
        }
    }

    // MARK: - Carrying over

    /// The carried values of a file this writer wrote; anything else (another format, a
    /// damaged line) is ignored, which Prometheus sees as a counter reset.
    static func carriedOver(from text: String) -> Carried {
        var carried = Carried()
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let sample = Sample(line) else { continue }
            switch sample.name {
            case "semco_zoom_last_success_timestamp_seconds": carried.lastSuccess = sample.value
            case "semco_zoom_last_completed_timestamp_seconds": carried.lastCompleted = sample.value
            case "semco_zoom_runs_total":
                if let mode = sample.labels["mode"], let code = sample.labels["exit_code"], sample.value >= 0 {
                    carried.runs[RunsKey(mode: mode, exitCode: code)] = sample.value
                }
            default: continue
            }
        }
        return carried
    }

    /// One sample line of the text format: `name{label="value",…} value`.
    struct Sample {
        var name: String
        var labels: [String: String] = [:]
        var value: Double

        init?(_ line: Substring) {
            var rest = line[...]
            let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
            name = String(rest[..<nameEnd])
            rest = rest[nameEnd...]
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    guard let equals = rest.firstIndex(of: "="), rest[rest.index(after: equals)...].first == "\"" else {
                        return nil
                    }
                    let key = String(rest[..<equals])
                    rest = rest[rest.index(equals, offsetBy: 2)...]
                    var value = ""
                    while let c = rest.first, c != "\"" {
                        rest = rest.dropFirst()
                        if c == "\\", let next = rest.first {
                            rest = rest.dropFirst()
                            value.append(next == "n" ? "\n" : next)
                        } else {
                            value.append(c)
                        }
                    }
                    guard rest.first == "\"" else { return nil }
                    rest = rest.dropFirst()
                    labels[key] = value
                    if rest.first == "," { rest = rest.dropFirst() }
                    guard !rest.isEmpty else { return nil }
                }
                rest = rest.dropFirst()
            }
            guard rest.first == " ", let number = Double(rest.dropFirst().split(separator: " ").first ?? "") else {
                return nil
            }
            value = number
        }
    }
}
