import ArgumentParser
import Foundation
import SemcoZoomCore

/// `semco-zoom zoom-csv --course NR`: writes the Zoom registrant import CSV for one course
/// (support's "generate the import file") and prints its path. Default: the people Zoom would
/// not take, from the state file; `--all`: every desired registrant from the current exports.
struct ZoomCSVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoom-csv",
        abstract: "Write the Zoom registrant import CSV (Email,First Name,Last Name) for a course and print its path.",
        discussion:
            "Exit codes: 0 written (or nothing to write), 1 no state, unknown course, rejected exports or the file "
            + "cannot be written, 64 usage error."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var drop: DropOptions

    @Option(name: .long, help: "Course number (Kursnr).")
    var course: String

    @Flag(
        name: .long,
        help: "Every desired registrant of the course from the current exports, not only those Zoom would not take.")
    var all = false

    @OptionGroup var stateOptions: StateOptions

    @Option(
        name: .long,
        help: "Folder to write zoom-import/<Kursnr>_<meeting id>.csv into (default: the working directory).")
    var out: String?

    func run() async throws {
        let context = try config.loadContext()
        let (configuration, workingDirectory, language) = (
            context.configuration, context.workingDirectory, context.language
        )
        func fail(_ text: LocalizedText) throws -> Never {
            FileHandle.standardError.write(Data((text.text(language) + "\n").utf8))
            throw ExitCode(ExitStatus.fatal.rawValue)
        }
        let courseNumber = CourseNumber(course.trimmingCharacters(in: .whitespaces))

        let stateURL = RunPaths.stateFile(
            option: stateOptions.state, configuration: configuration, workingDirectory: workingDirectory,
            defaultState: stateOptions.defaultState)
        let loaded: LoadedState
        do {
            loaded = try StateStore(url: stateURL).load()
        } catch {
            try fail(error.message)
        }
        if !loaded.existed && !all {
            try fail(
                LocalizedText(
                    de:
                        "Keine Statusdatei unter \(stateURL.path): --state DATEI angeben, oder mit --all die Teilnehmer aus den aktuellen Exporten ausgeben.",
                    en:
                        "No state file at \(stateURL.path): give --state FILE, or use --all to take the participants from the current exports."
                ))
        }

        let batch: ZoomImportBatch
        do {
            if all {
                guard let dropPath = drop.drop ?? configuration.paths.drop else {
                    try fail(
                        LocalizedText(
                            de: "Kein Ablageordner angegeben: --drop ORDNER oder paths.drop in der Konfiguration.",
                            en: "No drop directory given: --drop DIR or paths.drop in the configuration."))
                }
                let dropURL = DoctorCommand.url(dropPath, in: workingDirectory)
                let snapshot: Snapshot
                do {
                    snapshot = try SnapshotReader.read(
                        try DropDirectory.select(in: dropURL), configuration: configuration)
                } catch let rejection as InputRejection {
                    try fail(
                        LocalizedText(
                            de: "Exporte abgelehnt: \(rejection.message.de)",
                            en: "Exports rejected: \(rejection.message.en)"))
                }
                let zone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(identifier: "Europe/Berlin")!
                let now = Date()
                let today = CalendarDay(now, in: zone)
                let diagnostics = Validator.validate(snapshot, configuration: configuration, today: today)
                batch = try ZoomCSVExport.allDesired(
                    snapshot: snapshot, diagnostics: diagnostics, state: loaded.state,
                    configuration: configuration, course: courseNumber, today: today, now: now)
            } else {
                batch = try ZoomCSVExport.fromState(loaded.state, course: courseNumber)
            }
        } catch let error as ZoomCSVError {
            try fail(error.message)
        }

        if batch.rows.isEmpty {
            let text =
                all
                ? LocalizedText(
                    de:
                        "Kurs \(courseNumber) hat keine Teilnehmer, die in Zoom registriert werden; keine Datei geschrieben.",
                    en: "Course \(courseNumber) has no participants to register in Zoom; no file written.")
                : LocalizedText(
                    de:
                        "Für Kurs \(courseNumber) gibt es keine Teilnehmer, die Zoom nicht übernommen hat; keine Datei geschrieben. Mit --all alle Teilnehmer aus den aktuellen Exporten ausgeben.",
                    en:
                        "Course \(courseNumber) has no participants Zoom would not take; no file written. Use --all for every participant in the current exports."
                )
            print(text.text(language))
            return
        }
        let outDir = out.map { DoctorCommand.url($0, in: workingDirectory) } ?? workingDirectory
        do {
            let url = try ZoomImportCSV.write(batch, includeHeader: configuration.zoomImportHeader, into: outDir)
            print(url.path)
        } catch let error as OutputError {
            try fail(error.message)
        }
    }
}
