import ArgumentParser
import Foundation
import SemcoZoomCore

/// Options shared by the commands where they apply (README.md, "Commands"). Commands take the groups they need.

struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Config file (default: semco-zoom.yaml, .yml or .json in the working directory; or $SEMCO_ZOOM_CONFIG).")
    var config: String?

    @Option(name: .long, help: "Language of messages: de (default) or en.")
    var language: Language?
}

/// What a command runs with: the configuration (file, then environment, then `--language`),
/// the environment and the working directory.
struct CommandContext {
    var configuration: Configuration
    var environment: [String: String]
    var workingDirectory: URL
    var language: Language { configuration.language }
}

extension ConfigOptions {
    /// Loads the configuration. One that cannot be read is printed on stderr (in `--language`,
    /// else German) and ends the command with exit 1 (README.md, "Exit codes": bad config is fatal).
    func loadContext() throws -> CommandContext {
        let environment = ProcessInfo.processInfo.environment
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(
                path: config, environment: environment, workingDirectory: workingDirectory)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data((error.message.text(language ?? .de) + "\n").utf8))
            throw ExitCode(ExitStatus.fatal.rawValue)
        }
        if let language { configuration.language = language }
        return CommandContext(
            configuration: configuration, environment: environment, workingDirectory: workingDirectory)
    }
}

struct DropOptions: ParsableArguments {
    @Option(name: .long, help: "Drop directory with SEMCO's exports.")
    var drop: String?
}

/// `sync` and `plan`: where the run reads and writes, and what it is allowed to do.
struct RunOptions: ParsableArguments {
    /// `--state` and `--zoom`, as `status`, `zoom-csv` and `doctor` take them.
    @OptionGroup var target: StateOptions

    @Option(name: .long, help: "This run's output folder (default: runs/<run-id> next to the state file).")
    var out: String?

    @Option(name: .long, help: "Limit the run to this course (repeatable); also the manual first-sync trigger.")
    var course: [String] = []

    @Flag(name: .long, help: "Accept a snapshot that trips the mass-cancel guard.")
    var allowMassCancel = false

    @Flag(name: .long, help: "Recreate meetings deleted in Zoom without waiting for confirmation.")
    var recreateDeleted = false
}

/// `sync` and `plan` only: what the run leaves for monitoring.
struct MetricsOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "After the run, write its figures in Prometheus text format here, atomically (node_exporter's textfile collector).",
            valueName: "file"))
    var metricsFile: String?
}

/// `sync` and `plan`: how the result is shown.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the summary as JSON on stdout.")
    var json = false

    @Flag(name: .long, help: "Only the result line and the report's path, and nothing when all is well (cron).")
    var quiet = false

    @Flag(name: .long, help: "Every step on stderr, with time and memory.")
    var verbose = false
}

/// The state file a command reads, and which Zoom it belongs to (`status`, `zoom-csv`, `doctor`).
struct StateOptions: ParsableArguments {
    @Option(
        name: .long, help: "State file (default: semco-zoom-state.json; with --zoom simulator .semco-zoom/state.json).")
    var state: String?

    @Option(name: .long, help: ArgumentHelp(ZoomTarget.help))
    var zoom: ZoomTarget?

    /// The default state file for the Zoom chosen.
    var defaultState: String {
        zoom == .simulator ? EmbeddedSimulator.defaultState : RunPaths.defaultStateFile
    }
}

enum ZoomTarget: String, ExpressibleByArgument {
    case simulator

    static let help =
        "'simulator': the embedded Zoom simulator; its data lives beside the state file, in <state>.simulator/."
}

extension Language: ExpressibleByArgument {}
