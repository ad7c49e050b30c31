import ArgumentParser
import Foundation
import SemcoZoomCore
import SemcoZoomCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `semco-zoom doctor --live --host ADDRESS [--yes] [--probe-email X] [--out DIR]`: after the
/// ordinary checks, the self-cleaning contract check on the configured account
/// (SemcoZoomCore's `LiveProbe`). Announces what it creates and spends, asks unless `--yes`
/// (no answer on stdin: refused), prints one line per step, cleans up whatever happens
/// (Ctrl-C and SIGTERM included), writes `zoom-contract.json`; true when every step agrees.
enum DoctorLive {
    struct Options {
        var host: String
        var probeEmail: String?
        var yes: Bool
        var out: String?
    }

    static func run(
        _ options: Options, settings: ZoomClientSettings, configuration: Configuration,
        stateURL: URL, workingDirectory: URL
    ) async -> Bool {
        let language = configuration.language
        func say(_ de: String, _ en: String) {
            print(language == .de ? de : en)
            fflush(nil)
        }
        let zone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(identifier: "Europe/Berlin")!
        let now = Date()
        let probeID = RunPaths.runID(at: now)
        var plan = LiveProbePlan(
            probeID: probeID, host: options.host, probeEmail: options.probeEmail, zone: zone,
            language: language, now: now)
        // What the sync already spent of the host's 100 daily writes (read only; no lock needed).
        var settings = settings
        if let ledger = (try? StateStore(url: stateURL).load())?.state.dailyWrites?.current(at: now) {
            plan.spentToday = ledger.perHost[options.host.lowercased()] ?? 0
            settings.dailyWrites = ledger
        }
        let outURL: URL
        if let out = options.out {
            outURL = DoctorCommand.url(out, in: workingDirectory)
        } else if let base = configuration.paths.out {
            outURL = DoctorCommand.url(base, in: workingDirectory).appendingPathComponent(probeID)
        } else {
            outURL = stateURL.deletingLastPathComponent().appendingPathComponent("runs").appendingPathComponent(probeID)
        }

        print("")
        print(plan.announcement().text(language))
        guard plan.budgetSuffices else {
            say(
                "Zu wenig Tagesbudget übrig: nichts angelegt. Nach 00:00 UTC erneut versuchen.",
                "Not enough of today's budget left: nothing created. Try again after 00:00 UTC.")
            return false
        }
        if !options.yes {
            print(language == .de ? "Fortfahren? [j/N] " : "Continue? [y/N] ", terminator: "")
            fflush(nil)
            guard let answer = readLine() else {
                print("")
                say(
                    "Keine Bestätigung (keine Eingabe): nichts angelegt. Ohne Rückfrage mit --yes.",
                    "No confirmation (no input): nothing created. Use --yes to skip the question.")
                return false
            }
            guard ["j", "ja", "y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) else {
                say("Nicht bestätigt: nichts angelegt.", "Not confirmed: nothing created.")
                return false
            }
        }

        // One probe at a time: a second one would take the first one's meetings for leftovers.
        let lockURL = stateURL.deletingLastPathComponent().appendingPathComponent(
            stateURL.lastPathComponent + ".doctor-live.lock")
        let probeLock: RunLock
        do {
            probeLock = try RunLock.acquire(lockURL)
        } catch {
            say(
                "Eine andere doctor --live-Probe läuft gerade (\(lockURL.path)): nichts angelegt. \(error.message.de)",
                "Another doctor --live probe is running (\(lockURL.path)): nothing created. \(error.message.en)")
            return false
        }
        defer { probeLock.release() }

        let probe = LiveProbe(
            plan: plan, settings: settings, configuredKind: configuration.kind,
            inner: CurlTransport(maxConnections: LiveProbe.connections))
        // Signals are caught before the first call, so no meeting can be created unguarded.
        let box = CancellableBox()
        let signals = SignalCancellation { number in
            let name = SignalCancellation.name(number)
            FileHandle.standardError.write(
                Data(
                    (language == .de
                        ? "\(name) erhalten: die Probe bricht ab und löscht ihre Testmeetings …\n"
                        : "\(name) received: the probe stops and deletes its test meetings …\n").utf8))
            box.cancel()
        }
        let steps = Task {
            await probe.runSteps { result in
                print(result.line(language))
                fflush(nil)
            }
        }
        box.set { steps.cancel() }
        await steps.value
        let printed = probe.results.count
        await probe.cleanUp()
        signals.stop()
        for result in probe.results.dropFirst(printed) { print(result.line(language)) }

        let interrupted = signals.received.map(SignalCancellation.name)
        if let interrupted {
            say(
                "FEHLER      interrupted: Probe durch \(interrupted) abgebrochen; nicht alle Schritte ausgeführt.",
                "ERROR       interrupted: probe stopped by \(interrupted); not every step ran.")
        }
        let contract = probe.contract(interrupted: interrupted)
        let counts = Dictionary(grouping: contract.steps, by: \.outcome).mapValues(\.count)
        let ok = counts[.ok] ?? 0
        let mismatches = counts[.mismatch] ?? 0
        let errors = counts[.error] ?? 0
        do {
            let file = try probe.writeContract(contract, to: outURL)
            say(
                "doctor --live: \(ok) OK, \(mismatches) ABWEICHUNG, \(errors) FEHLER. Ergebnis: \(file.path)",
                "doctor --live: \(ok) OK, \(mismatches) MISMATCH, \(errors) ERROR. Result: \(file.path)")
        } catch {
            let text = (error as? OutputError)?.message.text(language) ?? "\(error)"
            say(
                "doctor --live: \(ok) OK, \(mismatches) ABWEICHUNG, \(errors) FEHLER. zoom-contract.json nicht geschrieben: \(text)",
                "doctor --live: \(ok) OK, \(mismatches) MISMATCH, \(errors) ERROR. zoom-contract.json not written: \(text)"
            )
            return false
        }
        return contract.allAgree
    }
}
