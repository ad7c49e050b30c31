import ArgumentParser
import Foundation
import SemcoZoomCore

/// `semco-zoom status`: what the state file manages — courses, meetings, registrant counts and
/// open problems. Reads the state without taking the run lock (writes are atomic renames).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the state file manages: courses, meetings, registrants, open problems.",
        discussion: "Exit codes: 0 shown, 1 the state file or the configuration cannot be read, 64 usage error."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var stateOptions: StateOptions

    @Option(name: .long, help: "Show only this course (repeatable).")
    var course: [String] = []

    @Flag(name: .long, help: "Print the status as JSON.")
    var json = false

    func run() async throws {
        let context = try config.loadContext()
        let (configuration, workingDirectory, language) = (
            context.configuration, context.workingDirectory, context.language
        )
        let stateURL = RunPaths.stateFile(
            option: stateOptions.state, configuration: configuration, workingDirectory: workingDirectory,
            defaultState: stateOptions.defaultState)
        let store = StateStore(url: stateURL)
        let loaded: LoadedState
        do {
            loaded = try store.load()
        } catch {
            RunCommandSupport.printError(error.message.text(language))
            throw ExitCode(ExitStatus.fatal.rawValue)
        }
        var report = StatusReport(
            stateFile: stateURL, loaded: loaded, runInProgress: RunLock.isHeld(store.lockURL),
            courses: Set(course.map { CourseNumber($0) }))
        // The last run's report: where `sync` puts its run folders (paths.out, else runs/ beside the state).
        let runs =
            configuration.paths.out.map { DoctorCommand.url($0, in: workingDirectory) }
            ?? stateURL.deletingLastPathComponent().appendingPathComponent("runs")
        report.lastRun = LastRunSummary.newest(in: runs)
        if json {
            let data = try StateStore.encoder().encode(report)
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(report.text(language), terminator: "")
        }
    }
}
