import ArgumentParser
import Foundation
import SemcoZoomCore

/// `semco-zoom status`: what the state file manages — courses, meetings, registrant counts and
/// open problems. Reads the state without taking the run lock (writes are atomic renames).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the state file manages: courses, meetings, registrants, open problems.",
        discussion: "Exit codes: 0 shown, 1 the state file or the configuration cannot be read."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var drop: DropOptions
    @OptionGroup var run: RunOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let context = try config.loadContext()
        let (configuration, workingDirectory, language) = (context.configuration, context.workingDirectory, context.language)
        let defaultState = run.zoom == .simulator ? "\(RunCommandSupport.simulatorFolder)/state.json" : RunPaths.defaultStateFile
        let stateURL = RunPaths.stateFile(option: run.state, configuration: configuration, workingDirectory: workingDirectory,
                                          defaultState: defaultState)
        let store = StateStore(url: stateURL)
        let loaded: LoadedState
        do {
            loaded = try store.load()
        } catch {
            RunCommandSupport.printError(error.message.text(language))
            throw ExitCode(ExitStatus.fatal.rawValue)
        }
        let report = StatusReport(stateFile: stateURL, loaded: loaded, runInProgress: RunLock.isHeld(store.lockURL),
                                  courses: Set(run.course.map { CourseNumber($0) }))
        if output.json {
            let data = try StateStore.encoder().encode(report)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(report.text(language), terminator: "")
        }
    }
}
