import ArgumentParser
import Foundation
import SemcoZoomCore
import ZoomSimulator

/// Shared by `sync` and `plan`: builds the run request from the options, wires Zoom (real or
/// the embedded simulator), runs the pipeline, prints the summary and exits with the run's code.
enum RunCommandSupport {
    /// Where `--zoom simulator` keeps everything (git-ignored).
    static let simulatorFolder = ".semco-zoom"

    static func execute(mode: RunMode, config: ConfigOptions, drop: DropOptions, run: RunOptions, output: OutputOptions) async throws {
        let environment = ProcessInfo.processInfo.environment
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let simulated = run.zoom == .simulator
        let request = RunRequest(
            mode: mode, configPath: config.config, drop: drop.drop, state: run.state, out: run.out, courses: run.course,
            keepDrop: run.keepDrop, allowMassCancel: run.allowMassCancel, recreateDeleted: run.recreateDeleted,
            language: config.language, workingDirectory: workingDirectory, environment: environment,
            defaultState: simulated ? "\(simulatorFolder)/state.json" : RunPaths.defaultStateFile)
        let verbose = output.verbose && !output.quiet
        let clock = ClockOverride.clock(environment: environment)
        let makeZoom = simulated
            ? simulatorSession(workingDirectory: workingDirectory)
            : RunCollaborators.zoom(environment: environment, clock: clock)
        let collaborators = RunCollaborators(
            clock: clock, makeZoom: makeZoom,
            progress: { line in if verbose { printError("· \(line)") } })
        let result = await SyncRun(request: request, collaborators: collaborators).run()
        report(result, output: output)
        if result.exitStatus != .ok { throw ExitCode(result.exitStatus.rawValue) }
    }

    /// Starts the embedded simulator once the run holds its lock, with its data under `.semco-zoom/`.
    static func simulatorSession(workingDirectory: URL) -> @Sendable (Configuration, SyncState, URL) async throws -> ZoomSession {
        { configuration, state, apiLog in
            let folder = workingDirectory.appendingPathComponent(simulatorFolder)
            try OwnerOnly.createDirectory(folder)
            var simulatorConfiguration = SimulatorConfiguration()
            simulatorConfiguration.autoCreateUsers = true
            simulatorConfiguration.dataFile = folder.appendingPathComponent("simulator.json")
            simulatorConfiguration.enforceRateLimits = true
            simulatorConfiguration.plan = configuration.ratePlan == .business ? .business : .pro
            let simulator = try await ZoomSimulator.start(simulatorConfiguration)
            var settings = ZoomClientSettings(
                apiURL: simulator.apiURL, oauthURL: simulator.oauthURL,
                credentials: ZoomCredentials(accountID: simulatorConfiguration.accountID, clientID: simulatorConfiguration.clientID,
                                             clientSecret: simulatorConfiguration.clientSecret),
                kind: configuration.kind, ratePlan: configuration.ratePlan)
            settings.dailyWrites = state.dailyWrites
            let log = try FileAPICallLog(url: apiLog)
            return ZoomSession(client: HTTPZoomClient(settings: settings, log: log), close: { await simulator.stop() })
        }
    }

    /// The summary: JSON with `--json`, else a few lines of text (nothing with `--quiet` when all is well).
    static func report(_ result: RunResult, output: OutputOptions) {
        let outcome = result.outcome
        let language = result.language
        if output.json {
            let summary = RunSummary(result)
            if let data = try? StateStore.encoder().encode(summary) { print(String(decoding: data, as: UTF8.self)) }
        } else if !(output.quiet && result.exitStatus == .ok) {
            print(summaryText(result), terminator: "")
        }
        if let fatal = outcome.fatal { printError(fatal.text(language)) }
    }

    static func summaryText(_ result: RunResult) -> String {
        let outcome = result.outcome
        let de = result.language == .de
        let c = outcome.counts
        var text = "semco-zoom \(outcome.mode.rawValue) \(outcome.runID): "
        switch (outcome.mode, de) {
        case (.plan, true): text += "\(c.zoomWrites) Änderungen in Zoom geplant"
        case (.plan, false): text += "\(c.zoomWrites) changes to Zoom planned"
        case (.sync, true): text += "\(c.applied) angewendet, \(c.failed) fehlgeschlagen"
        case (.sync, false): text += "\(c.applied) applied, \(c.failed) failed"
        }
        text += de ? ", \(c.deferred) zurückgestellt, \(c.errors) Fehler, \(c.warnings) Warnungen.\n"
                   : ", \(c.deferred) deferred, \(c.errors) errors, \(c.warnings) warnings.\n"
        for action in outcome.actions where action.result == .failed || action.result == .deferred {
            let label = action.result == .failed ? (de ? "FEHLGESCHLAGEN" : "FAILED") : (de ? "ZURÜCKGESTELLT" : "DEFERRED")
            var line = "  \(label) \(de ? "Kurs" : "course") \(action.course)"
            if let booking = action.booking { line += " \(booking)" }
            line += ": \(action.action.kind)"
            if let error = action.error { line += " – \(error.message)" }
            if let note = action.note { line += " – \(note.text(result.language))" }
            text += line + "\n"
        }
        for diagnostic in outcome.diagnostics where diagnostic.severity == .error {
            text += "  \(de ? "FEHLER" : "ERROR") [\(diagnostic.code)]"
                + (diagnostic.course.map { " \(de ? "Kurs" : "course") \($0)" } ?? "") + ": \(diagnostic.message.text(result.language))\n"
        }
        for handoff in outcome.handedToImport {
            text += de ? "  ZOOM-IMPORT Kurs \(handoff.course): \(handoff.why.de)\n" : "  ZOOM IMPORT course \(handoff.course): \(handoff.why.en)\n"
        }
        if let report = result.reportFile { text += (de ? "Bericht: " : "Report: ") + report.path + "\n" }
        return text
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// What `--json` prints for `sync` and `plan`.
struct RunSummary: Encodable {
    var runID: String
    var mode: RunMode
    var exitCode: Int32
    var counts: RunCounts
    var report: String?
    var stateFile: String?
    var fatal: String?
    var failed: [ActionOutcome]
    var deferred: [DeferredOutcome]
    var handedToImport: [ImportHandoff]

    init(_ result: RunResult) {
        let outcome = result.outcome
        runID = outcome.runID
        mode = outcome.mode
        exitCode = outcome.exitStatus.rawValue
        counts = outcome.counts
        report = result.reportFile?.path
        stateFile = outcome.stateFile
        fatal = outcome.fatal?.text(result.language)
        failed = outcome.actions.filter { $0.result == .failed }
        deferred = outcome.deferred
        handedToImport = outcome.handedToImport
    }
}
