import ArgumentParser
import Foundation
import SemcoZoomCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `semco-zoom forget --email ADDRESS`: removes one person from the state (with `.bak` and
/// journal) and the kept run folders, and lists (or deletes) the archived exports that still
/// hold the address (docs/privacy.md). Takes the run lock; never touches Zoom.
struct ForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove one person's address and names from the state and the kept run folders (DSGVO Art. 17).",
        discussion: "Zoom is not changed: cancelling a still-active booking is SEMCO's job. Without --yes it asks "
            + "on a terminal and refuses otherwise (exit 64). "
            + "Exit codes: 0 done, 1 could not finish (the address is still somewhere, see the output), "
            + "64 usage error or no --yes without a terminal, 75 another run holds the lock."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var drop: DropOptions

    @Option(name: .long, help: "State file (default: semco-zoom-state.json).")
    var state: String?

    @Option(name: .long, help: "The person's e-mail address.")
    var email: String

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    @Flag(name: .long, help: "Also delete the archived and rejected export files that hold the address.")
    var includeArchive = false

    func run() async throws {
        let context = try config.loadContext()
        let configuration = context.configuration
        let texts = ForgetTexts(language: context.language)
        let address = email.trimmingCharacters(in: .whitespaces)
        guard address.contains("@"), !address.hasPrefix("@"), !address.hasSuffix("@"), !address.contains(" ") else {
            RunCommandSupport.printError(texts.invalidAddress)
            throw ExitCode.validationFailure
        }
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                RunCommandSupport.printError(texts.needsYes)
                throw ExitCode.validationFailure
            }
            FileHandle.standardError.write(Data(texts.confirmation(address, includeArchive: includeArchive).utf8))
            guard let answer = readLine(), texts.isYes(answer) else {
                print(texts.notConfirmed)
                throw ExitCode(ExitStatus.fatal.rawValue)
            }
        }
        let stateURL = RunPaths.stateFile(
            option: state, configuration: configuration, workingDirectory: context.workingDirectory,
            defaultState: RunPaths.defaultStateFile)
        let runs =
            configuration.paths.out.map { DoctorCommand.url($0, in: context.workingDirectory) }
            ?? stateURL.deletingLastPathComponent().appendingPathComponent("runs")
        let dropPath = drop.drop ?? configuration.paths.drop
        let forget = ForgetRun(
            email: address, stateURL: stateURL, runs: runs,
            drop: dropPath.map { DoctorCommand.url($0, in: context.workingDirectory) },
            includeArchive: includeArchive, clock: ClockOverride.clock(environment: context.environment))
        let result: ForgetRun.Result
        do {
            result = try forget.run()
        } catch {
            RunCommandSupport.printError(error.message.text(context.language))
            if case .lock(let lockError) = error, case .held = lockError {
                throw ExitCode(ExitStatus.locked.rawValue)
            }
            throw ExitCode(ExitStatus.fatal.rawValue)
        }
        print(texts.report(result, email: address), terminator: "")
        if !result.finished { throw ExitCode(ExitStatus.fatal.rawValue) }
    }
}
