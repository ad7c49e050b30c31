import ArgumentParser
import Foundation
import SemcoZoomCore
import SemcoZoomCurl
import ZoomSimulator

/// `semco-zoom doctor`: checks config, credentials, token, scopes, that every host in the
/// current exports is a licensed user of the Zoom account, the drop and state folders, the
/// run lock and the state file. One line per check (OK / WARNUNG / FEHLER with the fix);
/// exit 0 without errors, 1 with any. Never prints the client secret or a token.
/// `--live --host ADDRESS` then runs the contract check of DoctorLive.swift.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check config, Zoom credentials, token, scopes, hosts, folders, lock and state; one line per check. "
            + "With --live, also a self-cleaning contract check of real calls on the Zoom account.",
        discussion:
            "Exit codes: 0 no check failed (warnings allowed; with --live: every step agreed), 1 a check failed or a step disagreed, 64 usage error."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var drop: DropOptions

    @OptionGroup var stateOptions: StateOptions

    @Flag(name: .long, help: "Also run the self-cleaning contract check of real calls on the account (needs --host).")
    var live = false

    @Option(name: .long, help: "With --live: the licensed host (Zoom user e-mail) the test meetings belong to.")
    var host: String?

    @Flag(name: .long, help: "With --live: do not ask before creating the test meetings.")
    var yes = false

    @Option(
        name: .long,
        help: "With --live: the registrant address to test with (default: a plus-address of the host's mailbox).")
    var probeEmail: String?

    @Option(
        name: .long, help: "With --live: folder for zoom-contract.json (default: runs/<run-id> next to the state file)."
    )
    var out: String?

    func validate() throws {
        if live {
            guard let host, !host.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--live needs --host ADDRESS (a licensed Zoom user of the account).")
            }
            if probeEmail == nil && !host.contains("@") {
                throw ValidationError(
                    "--host is not an e-mail address: give --probe-email ADDRESS for the test registrations.")
            }
            if let probeEmail, !probeEmail.contains("@") {
                throw ValidationError("--probe-email must be an e-mail address.")
            }
        } else if host != nil || yes || probeEmail != nil || out != nil {
            throw ValidationError("--host, --yes, --probe-email and --out apply to doctor --live only.")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var checks: [DoctorCheck] = []
        let simulated = stateOptions.zoom == .simulator

        // Configuration.
        var configuration = Configuration()
        var configError: LocalizedText?
        do {
            configuration = try ConfigurationLoader.load(
                path: config.config, environment: environment, workingDirectory: workingDirectory)
        } catch let error as ConfigurationError {
            configError = error.message
        } catch {
            configError = LocalizedText(de: "\(error)", en: "\(error)")
        }
        if let language = config.language { configuration.language = language }
        let language = configuration.language
        checks.append(
            Doctor.configurationCheck(
                source: configSource(environment: environment, workingDirectory: workingDirectory),
                error: configError))
        for notice in configuration.notices {
            checks.append(DoctorCheck(id: "config", status: .warning, message: notice.message, fix: notice.hint))
        }

        // Exports: the hosts of the Zoom courses.
        var hosts: [String: [CourseNumber]]?
        var trainers: [String: String] = [:]
        let dropPath = drop.drop ?? configuration.paths.drop
        var dropCheck: DoctorCheck?
        if let dropPath {
            let dropURL = Self.url(dropPath, in: workingDirectory)
            dropCheck = Doctor.folderCheck(
                id: "drop", name: LocalizedText(de: "Ablageordner", en: "Drop directory"), url: dropURL,
                mayBeCreated: false)
            if dropCheck?.status != .error {
                do {
                    let selection = try DropDirectory.select(in: dropURL)
                    let snapshot = try SnapshotReader.read(selection, configuration: configuration)
                    let zone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(identifier: "Europe/Berlin")!
                    hosts = Doctor.hosts(
                        in: snapshot, configuration: configuration, today: CalendarDay(Date(), in: zone))
                    if let hint = Validator.roomHint(snapshot, configuration: configuration) {
                        checks.append(
                            DoctorCheck(id: "zoom-room", status: .warning, message: hint.message, fix: hint.hint))
                    }
                    trainers = Doctor.trainerNames(in: snapshot)
                } catch let rejection as InputRejection {
                    checks.append(
                        DoctorCheck(
                            id: "exports", status: .error, message: rejection.message,
                            fix: LocalizedText(
                                de: "Mit „semco-zoom validate“ die Exporte prüfen und korrigieren.",
                                en: "Check and fix the exports with \"semco-zoom validate\".")))
                } catch {
                    checks.append(
                        DoctorCheck(
                            id: "exports", status: .error, message: LocalizedText(de: "\(error)", en: "\(error)"),
                            fix: LocalizedText(de: "Den Ablageordner prüfen.", en: "Check the drop directory.")))
                }
            }
        } else {
            checks.append(
                DoctorCheck(
                    id: "drop", status: .warning,
                    message: LocalizedText(
                        de: "Kein Ablageordner angegeben: Moderatoren nicht geprüft.",
                        en: "No drop directory given: hosts not checked."),
                    fix: LocalizedText(
                        de: "--drop ORDNER oder paths.drop in der Konfiguration angeben.",
                        en: "Give --drop DIR or paths.drop in the configuration.")))
        }

        // Zoom: credentials, token, scopes, hosts.
        var liveSettings: ZoomClientSettings?
        var liveSimulator: ZoomSimulator?
        let stateURL = RunPaths.stateFile(
            option: stateOptions.state, configuration: configuration, workingDirectory: workingDirectory,
            defaultState: stateOptions.defaultState)
        if simulated {
            let folder = EmbeddedSimulator.folder(forState: stateURL).path
            checks.append(
                DoctorCheck(
                    id: "credentials", status: .ok,
                    message: LocalizedText(
                        de: "Eingebauter Zoom-Simulator (\(folder)): Client-Secret gesetzt.",
                        en: "Embedded Zoom simulator (\(folder)): client secret set.")))
            do {
                let (simulator, settings) = try await Self.startSimulator(
                    configuration: configuration, stateURL: stateURL)
                checks += await Doctor.zoomChecks(
                    client: HTTPZoomClient.overCurl(settings: settings), kind: configuration.kind, hosts: hosts,
                    trainers: trainers)
                if live {
                    liveSettings = settings
                    liveSimulator = simulator
                } else {
                    await simulator.stop()
                }
            } catch {
                checks.append(
                    DoctorCheck(
                        id: "token", status: .error,
                        message: LocalizedText(
                            de: "Der Simulator startet nicht: \(error)", en: "The simulator does not start: \(error)"),
                        fix: LocalizedText(de: "Den Ordner \(folder) prüfen.", en: "Check the folder \(folder).")))
            }
        } else {
            let (credentialChecks, settings) = Doctor.credentialsCheck(
                configuration: configuration, environment: environment)
            checks += credentialChecks
            if let settings {
                checks += await Doctor.zoomChecks(
                    client: HTTPZoomClient.overCurl(settings: settings), kind: configuration.kind, hosts: hosts,
                    trainers: trainers)
                liveSettings = settings
            }
        }

        // Folders, lock, state.
        if let dropCheck { checks.append(dropCheck) }
        checks.append(
            Doctor.folderCheck(
                id: "state-folder", name: LocalizedText(de: "Ordner der Statusdatei", en: "State folder"),
                url: stateURL.deletingLastPathComponent(), mayBeCreated: true))
        checks.append(Doctor.lockCheck(stateURL: stateURL))
        checks += Doctor.stateCheck(stateURL: stateURL)

        print(Doctor.render(checks, language: language), terminator: "")
        var status = Doctor.exitStatus(checks)
        if live, let host {
            if let liveSettings {
                let agreed = await DoctorLive.run(
                    DoctorLive.Options(host: host, probeEmail: probeEmail, yes: yes, out: out),
                    settings: liveSettings, configuration: configuration, stateURL: stateURL,
                    workingDirectory: workingDirectory)
                if !agreed { status = .fatal }
            } else {
                print(
                    language == .de
                        ? "FEHLER      doctor --live nicht ausgeführt: keine Zoom-Zugangsdaten."
                        : "ERROR       doctor --live not run: no Zoom credentials.")
                status = .fatal
            }
            await liveSimulator?.stop()
        }
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    private func configSource(environment: [String: String], workingDirectory: URL) -> String? {
        if let explicit = config.config ?? environment["SEMCO_ZOOM_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return explicit
        }
        return ConfigurationLoader.defaultFileNames.first {
            FileManager.default.fileExists(atPath: workingDirectory.appendingPathComponent($0).path)
        }
    }

    static func url(_ path: String, in directory: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return (expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : directory.appendingPathComponent(expanded))
            .standardizedFileURL
    }

    /// The embedded simulator as `sync --zoom simulator` uses it (data beside the state file).
    static func startSimulator(configuration: Configuration, stateURL: URL) async throws -> (
        ZoomSimulator, ZoomClientSettings
    ) {
        let simulatorConfiguration = try EmbeddedSimulator.configuration(
            stateURL: stateURL, configuration: configuration)
        let simulator = try await ZoomSimulator.start(simulatorConfiguration)
        let settings = ZoomClientSettings(
            apiURL: simulator.apiURL, oauthURL: simulator.oauthURL,
            credentials: ZoomCredentials(
                accountID: simulatorConfiguration.accountID, clientID: simulatorConfiguration.clientID,
                clientSecret: simulatorConfiguration.clientSecret),
            kind: configuration.kind, ratePlan: configuration.ratePlan)
        return (simulator, settings)
    }
}
