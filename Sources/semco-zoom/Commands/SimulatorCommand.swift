import ArgumentParser
import Foundation
import SemcoZoomCore
import ZoomSimulator

/// `semco-zoom simulator`: the Zoom simulator as a standalone process, for demos, the CLI
/// tests and soak runs. Prints its base URL as the first stdout line, serves until
/// SIGINT/SIGTERM, then exits 0 (state is persisted after every change).
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Runs the Zoom simulator on 127.0.0.1 (see docs/SIMULATOR.md).",
        discussion: """
            Credentials come from ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET \
            (defaults sim-account, sim-client, sim-secret when unset).
            """
    )

    @Option(name: .long, help: "Port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 0

    @Option(name: .long, help: "JSON file the simulator keeps its state in (reloaded on restart).")
    var data: String?

    @Option(
        name: .long,
        help:
            "JSON list of users: [{\"email\", \"type\" (1 basic, 2 licensed), \"first_name\", \"last_name\", \"webinar\" (webinar add-on, default false)}]."
    )
    var users: String?

    @Option(name: .long, help: "Zoom plan for the per-second rate limits: pro or business.")
    var plan: String = "pro"

    @Option(name: .long, help: "Seconds an access token lives.")
    var tokenLifetime: Double = 3600

    @Option(name: .long, help: "Latency added to every answer, in milliseconds.")
    var latencyMs: Int = 0

    @Flag(name: .long, help: "Treat every e-mail used as a host as an existing licensed user.")
    var autoCreateUsers = false

    @Flag(name: .long, help: "Answer without Zoom's per-second rate limits (benchmarks; the daily limits stay).")
    var noRateLimits = false

    @Option(name: .long, help: "Language of messages: de (default) or en.")
    var language: Language = .de

    func message(de: String, en: String) -> String { language == .en ? en : de }

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError(
                message(
                    de: "--port muss zwischen 0 und 65535 liegen, nicht \(port).",
                    en: "--port must be from 0 to 65535, not \(port)."))
        }
        guard SimulatedPlan(rawValue: plan) != nil else {
            throw ValidationError(
                message(
                    de: "--plan muss pro oder business sein, nicht '\(plan)'.",
                    en: "--plan must be pro or business, not '\(plan)'."))
        }
        guard tokenLifetime > 0, latencyMs >= 0 else {
            throw ValidationError(
                message(
                    de: "--token-lifetime muss positiv und --latency-ms nicht negativ sein.",
                    en: "--token-lifetime must be positive and --latency-ms not negative."))
        }
    }

    func run() async throws {
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.plan = SimulatedPlan(rawValue: plan) ?? .pro
        configuration.tokenLifetime = tokenLifetime
        configuration.latency = Double(latencyMs) / 1000
        configuration.autoCreateUsers = autoCreateUsers
        configuration.enforceRateLimits = !noRateLimits
        let environment = ProcessInfo.processInfo.environment
        if let value = environment["ZOOM_ACCOUNT_ID"], !value.isEmpty { configuration.accountID = value }
        if let value = environment["ZOOM_CLIENT_ID"], !value.isEmpty { configuration.clientID = value }
        if let value = environment["ZOOM_CLIENT_SECRET"], !value.isEmpty { configuration.clientSecret = value }
        if let data { configuration.dataFile = URL(fileURLWithPath: data) }
        if let users { configuration.users = try readUsers(users) }

        // Signals are handled by a dispatch source, not the default action, so state is flushed.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let simulator = try await ZoomSimulator.start(configuration)
        // Unbuffered: the first line must reach a parent process reading the pipe at once.
        let secretSource = environment["ZOOM_CLIENT_SECRET"].map { _ in "<from ZOOM_CLIENT_SECRET>" } ?? "<default>"
        let banner = """
            \(simulator.baseURL.absoluteString)
            account_id=\(configuration.accountID) client_id=\(configuration.clientID) client_secret=\(secretSource)
            oauth: \(simulator.oauthURL.absoluteString)  api: \(simulator.apiURL.absoluteString)  admin: \(simulator.baseURL.absoluteString)/_sim/

            """
        FileHandle.standardOutput.write(Data(banner.utf8))

        let signalName = await waitForTermination()
        await simulator.stop()
        FileHandle.standardError.write(Data("simulator stopped (\(signalName))\n".utf8))
    }

    private func readUsers(_ path: String) throws -> [SimulatedUser] {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ValidationError(
                message(
                    de: "Benutzerdatei \(path) ist nicht lesbar: \(error.localizedDescription)",
                    en: "Users file \(path) cannot be read: \(error.localizedDescription)"))
        }
        let parsed: JSONValue
        do { parsed = try JSONValue.parse(data) } catch {
            throw ValidationError(
                message(
                    de: "Benutzerdatei \(path): kein gültiges JSON (\(error)).",
                    en: "Users file \(path): not valid JSON (\(error))."))
        }
        guard let list = parsed.arrayValue else {
            throw ValidationError(
                message(
                    de: "Benutzerdatei \(path): erwartet wird eine JSON-Liste von Benutzern.",
                    en: "Users file \(path): expected a JSON list of users."))
        }
        return try list.enumerated().map { index, item in
            guard let email = item["email"]?.stringValue, email.contains("@") else {
                throw ValidationError(
                    message(
                        de:
                            "Benutzerdatei \(path), Eintrag \(index + 1): Feld \"email\" fehlt oder ist keine E-Mail-Adresse.",
                        en:
                            "Users file \(path), entry \(index + 1): field \"email\" is missing or not an e-mail address."
                    ))
            }
            let type = item["type"]?.intValue ?? 2
            guard type == 1 || type == 2 else {
                throw ValidationError(
                    message(
                        de:
                            "Benutzerdatei \(path), Eintrag \(index + 1) (\(email)): \"type\" muss 1 (Basic) oder 2 (lizenziert) sein, nicht \(type).",
                        en:
                            "Users file \(path), entry \(index + 1) (\(email)): \"type\" must be 1 (basic) or 2 (licensed), not \(type)."
                    ))
            }
            var webinar = false
            if let value = item["webinar"], !value.isNull {
                guard let flag = value.boolValue else {
                    throw ValidationError(
                        message(
                            de:
                                "Benutzerdatei \(path), Eintrag \(index + 1) (\(email)): \"webinar\" muss true oder false sein.",
                            en: "Users file \(path), entry \(index + 1) (\(email)): \"webinar\" must be true or false."
                        ))
                }
                webinar = flag
            }
            return SimulatedUser(
                email: email, type: Int(type), firstName: item["first_name"]?.stringValue ?? "",
                lastName: item["last_name"]?.stringValue ?? "", webinar: webinar)
        }
    }

    private func waitForTermination() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            let queue = DispatchQueue(label: "simulator-signals")
            let once = SignalOnce(continuation)
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { once.resume(name) }
                source.resume()
                once.keep(source)
            }
        }
    }
}

/// Resumes a continuation once, from whichever signal comes first; keeps the sources alive.
fileprivate final class SignalOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<String, Never>?
    private var sources: [DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<String, Never>) { self.continuation = continuation }

    func keep(_ source: DispatchSourceSignal) {
        lock.lock()
        sources.append(source)
        lock.unlock()
    }

    func resume(_ name: String) {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(returning: name)
    }
}
