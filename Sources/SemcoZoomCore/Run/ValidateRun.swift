import Foundation

/// How `validate` ended: the report to print (when the drop directory was looked at), why it
/// stopped (for stderr) and the exit status (README.md, "Exit codes").
public struct ValidateOutcome: Sendable {
    public var exitStatus: ExitStatus
    /// The language of every message.
    public var language: Language
    /// Files, counts and diagnostics, or the rejection; nil when the configuration or the drop
    /// directory was missing.
    public var report: ValidationReport?
    /// The fatal problem: bad configuration, no drop directory, rejected input.
    public var fatal: LocalizedText?
}

/// The `validate` run: configuration → drop directory → read → validate → report. Never moves
/// a file, never touches the network. Exit 0 when the input is accepted without errors
/// (warnings allowed), 3 when it is accepted with error diagnostics, 1 when it is rejected or the
/// configuration is unusable.
public enum ValidateRun {
    /// Runs `validate` with the command line's options (`configPath`, `drop`, `language`;
    /// `json`: the report will be printed as JSON, which also shows the files' SHA-256) in
    /// `workingDirectory` and `environment`; today's date (in the configured time zone) comes
    /// from `clock`.
    public static func run(
        configPath: String?, drop: String?, language: Language?, json: Bool, workingDirectory: URL,
        environment: [String: String], clock: any WallClock = SystemClock()
    ) -> ValidateOutcome {
        var configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(
                path: configPath, environment: environment,
                workingDirectory: workingDirectory)
        } catch let error as ConfigurationError {
            return ValidateOutcome(
                exitStatus: .fatal, language: language ?? .de, report: nil, fatal: error.message)
        } catch {
            return ValidateOutcome(
                exitStatus: .fatal, language: language ?? .de, report: nil, fatal: Self.unexpected(error))
        }
        if let language { configuration.language = language }
        let language = configuration.language
        guard let dropPath = drop ?? configuration.paths.drop else {
            return ValidateOutcome(
                exitStatus: .fatal, language: language, report: nil,
                fatal: LocalizedText(
                    de: "Kein Ablageordner angegeben: --drop ORDNER oder paths.drop in der Konfiguration.",
                    en: "No drop directory given: --drop DIR or paths.drop in the configuration."))
        }
        let dropURL = URL(fileURLWithPath: dropPath, relativeTo: workingDirectory).standardizedFileURL
        let timeZone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(identifier: "Europe/Berlin")!
        let today = CalendarDay(clock.now(), in: timeZone)

        var selection: DropSelection?
        do {
            let selected = try DropDirectory.select(in: dropURL)
            selection = selected
            // Only the JSON output shows the files' SHA-256; the text output does not hash.
            var (snapshot, notes) = try SnapshotReader.readWithNotes(
                selected, configuration: configuration, fingerprints: json)
            let diagnostics =
                configuration.notices
                + Validator.markUntriggered(
                    Validator.validate(snapshot, configuration: configuration, today: today), snapshot: snapshot,
                    configuration: configuration) + notes
                + (Validator.roomHint(snapshot, configuration: configuration).map { [$0] } ?? [])
            let bookingCount = snapshot.bookings.count
            if json {
                // The output names no booking: the bookings (500,000 in an L export) go before the
                // JSON is built beside them, which kept `validate --json` 12 MB over its memory
                // budget (BENCHMARKS.md). The text output is small; it keeps them.
                snapshot.bookings = []
            }
            let report = ValidationReport(
                drop: dropURL.path, selection: selected, snapshot: snapshot, bookingCount: bookingCount,
                diagnostics: diagnostics, rejection: nil)
            let hasErrors = diagnostics.contains { $0.severity == .error }
            return ValidateOutcome(
                exitStatus: hasErrors ? .partial : .ok, language: language, report: report, fatal: nil)
        } catch let rejection as InputRejection {
            let report = ValidationReport(
                drop: dropURL.path, selection: selection, snapshot: nil, bookingCount: 0, diagnostics: [],
                rejection: rejection)
            return ValidateOutcome(
                exitStatus: .fatal, language: language, report: report, fatal: report.rejectionText)
        } catch {
            return ValidateOutcome(exitStatus: .fatal, language: language, report: nil, fatal: Self.unexpected(error))
        }
    }

    /// An error none of the stages names (they throw `ConfigurationError` and `InputRejection`).
    private static func unexpected(_ error: any Error) -> LocalizedText {
        let text = (error as NSError).localizedDescription
        return LocalizedText(de: text, en: text)
    }
}
