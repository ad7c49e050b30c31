import ArgumentParser
import Foundation
import SemcoZoomCore

/// `semco-zoom validate`: parses the options and runs `ValidateRun` (the core's read and check
/// of the exports: no network, no file moved); prints its report and exits with its status.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Read and check SEMCO's exports in the drop directory; no network, no file moved.",
        discussion: "Exit codes: 0 accepted without errors (warnings allowed), 1 rejected (or bad config), "
            + "3 accepted with errors in the exports, 64 usage error."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var drop: DropOptions

    @Flag(name: .long, help: "Print files, counts and diagnostics as JSON.")
    var json = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let outcome = ValidateRun.run(
            configPath: config.config, drop: drop.drop, language: config.language, json: json,
            workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
            environment: environment, clock: ClockOverride.clock(environment: environment))
        if let report = outcome.report {
            if json {
                print(report.json(outcome.language))
            } else if report.rejection == nil {
                print(report.text(outcome.language), terminator: "")
            }
        }
        if let fatal = outcome.fatal {
            FileHandle.standardError.write(Data((fatal.text(outcome.language) + "\n").utf8))
        }
        if outcome.exitStatus != .ok { throw ExitCode(outcome.exitStatus.rawValue) }
    }
}
