import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One line of `semco-zoom doctor`: what was checked, how it went, and the fix.
public struct DoctorCheck: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, Comparable {
        case ok
        case warning
        case error

        private var rank: Int { self == .ok ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }

        public func label(_ language: Language) -> String {
            switch (self, language) {
            case (.ok, _): return "OK"
            case (.warning, .de): return "WARNUNG"
            case (.warning, .en): return "WARNING"
            case (.error, .de): return "FEHLER"
            case (.error, .en): return "ERROR"
            }
        }
    }

    /// Stable id of the check: `config`, `credentials`, `token`, `scopes`, `host`, `drop`,
    /// `state-folder`, `lock`, `state`.
    public var id: String
    public var status: Status
    public var message: LocalizedText
    public var fix: LocalizedText?

    public init(id: String, status: Status, message: LocalizedText, fix: LocalizedText? = nil) {
        self.id = id
        self.status = status
        self.message = message
        self.fix = fix
    }

    /// `FEHLER  message Abhilfe: fix` on one line.
    public func line(_ language: Language) -> String {
        let label = status.label(language).padding(toLength: 8, withPad: " ", startingAt: 0)
        var text = label + message.text(language)
        if let fix, status != .ok {
            text += (language == .de ? " Abhilfe: " : " Fix: ") + fix.text(language)
        }
        return text.replacingOccurrences(of: "\n", with: " ")
    }
}

/// The checks of `semco-zoom doctor`. Each is a small function with its I/O passed in; the
/// command runs them in order and prints one line per check. The client secret and tokens are
/// never shown ("gesetzt"/"set").
public enum Doctor {
    private static func t(_ de: String, _ en: String) -> LocalizedText { LocalizedText(de: de, en: en) }

    // MARK: Configuration and credentials

    public static func configurationCheck(source: String?, error: LocalizedText?) -> DoctorCheck {
        if let error {
            return DoctorCheck(
                id: "config", status: .error, message: error,
                fix: t(
                    "Die Konfigurationsdatei korrigieren (--config DATEI oder SEMCO_ZOOM_CONFIG); die übrigen Prüfungen laufen mit Standardwerten.",
                    "Fix the config file (--config FILE or SEMCO_ZOOM_CONFIG); the other checks run with defaults."))
        }
        if let source {
            return DoctorCheck(
                id: "config", status: .ok,
                message: t("Konfiguration gelesen: \(source)", "Configuration read: \(source)"))
        }
        return DoctorCheck(
            id: "config", status: .ok,
            message: t(
                "Keine Konfigurationsdatei gefunden: Standardwerte und Umgebungsvariablen.",
                "No config file found: defaults and environment variables."))
    }

    /// Resolves the credentials (environment wins over the config); never shows the secret.
    public static func credentialsCheck(configuration: Configuration, environment: [String: String])
        -> (checks: [DoctorCheck], settings: ZoomClientSettings?)
    {
        do {
            let settings = try ZoomClientSettings.resolve(configuration: configuration, environment: environment)
            var checks = [
                DoctorCheck(
                    id: "credentials", status: .ok,
                    message: t(
                        "Zoom-Zugangsdaten: Account-ID \(settings.credentials.accountID), Client-ID \(settings.credentials.clientID), Client-Secret gesetzt; API \(settings.apiURL.absoluteString).",
                        "Zoom credentials: account id \(settings.credentials.accountID), client id \(settings.credentials.clientID), client secret set; API \(settings.apiURL.absoluteString)."
                    ))
            ]
            for warning in settings.warnings {
                checks.append(
                    DoctorCheck(
                        id: "credentials", status: .warning, message: warning,
                        fix: t(
                            "Die Datei nur für den Besitzer lesbar machen (chmod 600).",
                            "Make the file readable by its owner only (chmod 600).")))
            }
            return (checks, settings)
        } catch {
            return (
                [
                    DoctorCheck(
                        id: "credentials", status: .error, message: error.text,
                        fix: t(
                            "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID und ZOOM_CLIENT_SECRET (oder zoom.client_secret_file) setzen; die Werte zeigt die Server-to-Server-OAuth-App im Zoom App Marketplace.",
                            "Set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (or zoom.client_secret_file); the Server-to-Server OAuth app in the Zoom App Marketplace shows them."
                        ))
                ],
                nil
            )
        }
    }

    // MARK: Zoom

    /// One need of the tool and the scopes that cover it (classic or granular, with or without `:admin`).
    struct ScopeNeed {
        var what: String
        var accepted: [String]
    }

    static func scopeNeeds(kind: Configuration.ZoomKind) -> [ScopeNeed] {
        let f = kind == .webinar ? "webinar" : "meeting"
        func need(_ classic: String, _ granular: String) -> ScopeNeed {
            ScopeNeed(
                what: classic,
                accepted: [
                    classic, String(classic.dropLast(":admin".count)), granular,
                    String(granular.dropLast(":admin".count)),
                ])
        }
        return [
            need("\(f):read:admin", "\(f):read:\(f):admin"),
            need("\(f):read:admin", "\(f):read:list_\(f)s:admin"),
            need("\(f):read:admin", "\(f):read:list_registrants:admin"),
            need("\(f):write:admin", "\(f):write:\(f):admin"),
            need("\(f):write:admin", "\(f):update:\(f):admin"),
            need("\(f):write:admin", "\(f):delete:\(f):admin"),
            need("\(f):write:admin", "\(f):write:registrant:admin"),
            need("\(f):write:admin", "\(f):update:registrant_status:admin"),
            need("user:read:admin", "user:read:user:admin"),
        ]
    }

    /// The classic scopes missing from `granted` (empty when every need is covered).
    public static func missingScopes(_ granted: [String], kind: Configuration.ZoomKind) -> [String] {
        let have = Set(granted.map { $0.lowercased() })
        var missing: [String] = []
        for need in scopeNeeds(kind: kind) where !need.accepted.contains(where: have.contains) {
            if !missing.contains(need.what) { missing.append(need.what) }
        }
        return missing
    }

    /// Token, scopes, and for each host whether it is a licensed user of the account.
    /// `hosts`: host address (lower case) → the courses it hosts.
    /// With `zoom.kind: webinar` each licensed host must also hold the webinar add-on
    /// (`GET /users/{userId}/settings`: `feature.webinar`); `trainers` names the trainer behind
    /// each host address for the message.
    public static func zoomChecks(
        client: any ZoomClient, kind: Configuration.ZoomKind,
        hosts: [String: [CourseNumber]]?, trainers: [String: String] = [:]
    ) async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let scopes: [String]
        do {
            scopes = try await client.grantedScopes()
            checks.append(
                DoctorCheck(id: "token", status: .ok, message: t("Zoom-Token erhalten.", "Zoom token obtained.")))
        } catch {
            let zoomError = error as? ZoomError
            let fix: LocalizedText
            switch zoomError {
            case .authenticationFailed?:
                fix = t(
                    "Account-ID, Client-ID und Client-Secret mit der Server-to-Server-OAuth-App im Zoom App Marketplace vergleichen (ein neu erzeugtes Secret ersetzt das alte) und die App aktivieren.",
                    "Compare account id, client id and client secret with the Server-to-Server OAuth app in the Zoom App Marketplace (a regenerated secret replaces the old one) and activate the app."
                )
            case .unavailable?, .invalidResponse?:
                fix = t(
                    "Netzwerk, Proxy und ZOOM_OAUTH_URL/ZOOM_API_URL prüfen.",
                    "Check the network, proxy and ZOOM_OAUTH_URL/ZOOM_API_URL.")
            default:
                fix = t("Zugangsdaten und Zoom-App prüfen.", "Check the credentials and the Zoom app.")
            }
            var message = zoomError?.text ?? t("\(error)", "\(error)")
            if case .authenticationFailed(let status, _)? = zoomError {
                // The client's text repeats the fix; the line says it once.
                message = t(
                    "Zoom hat die Zugangsdaten abgelehnt (HTTP \(status)).",
                    "Zoom refused the credentials (HTTP \(status)).")
            }
            checks.append(
                DoctorCheck(
                    id: "token", status: .error,
                    message: t("Kein Zoom-Token: \(message.de)", "No Zoom token: \(message.en)"), fix: fix))
            checks.append(
                DoctorCheck(
                    id: "host", status: .warning,
                    message: t(
                        "Scopes und Moderatoren nicht geprüft (kein Token).", "Scopes and hosts not checked (no token)."
                    ),
                    fix: t("Erst die Anmeldung bei Zoom beheben.", "Fix the Zoom sign-in first.")))
            return checks
        }

        let missing = missingScopes(scopes, kind: kind)
        if missing.isEmpty {
            checks.append(
                DoctorCheck(
                    id: "scopes", status: .ok,
                    message: t(
                        "Scopes vorhanden: \(scopes.sorted().joined(separator: " "))",
                        "Scopes granted: \(scopes.sorted().joined(separator: " "))")))
        } else {
            checks.append(
                DoctorCheck(
                    id: "scopes", status: .error,
                    message: t(
                        "Der Zoom-App fehlen Scopes: \(missing.joined(separator: ", ")) (vorhanden: \(scopes.sorted().joined(separator: " ")))",
                        "The Zoom app lacks scopes: \(missing.joined(separator: ", ")) (granted: \(scopes.sorted().joined(separator: " ")))"
                    ),
                    fix: t(
                        "In der Server-to-Server-OAuth-App unter Scopes \(missing.joined(separator: ", ")) (oder die granularen Entsprechungen) hinzufügen und die App erneut aktivieren.",
                        "Add \(missing.joined(separator: ", ")) (or the granular equivalents) under Scopes of the Server-to-Server OAuth app and activate it again."
                    )))
        }

        guard let hosts else { return checks }
        if hosts.isEmpty {
            checks.append(
                DoctorCheck(
                    id: "host", status: .ok,
                    message: t("Keine Moderatoren in den aktuellen Exporten.", "No hosts in the current exports.")))
        }
        for host in hosts.keys.sorted() {
            let courses = hosts[host]!.sorted().map(\.rawValue).joined(separator: ", ")
            let subject = t("Moderator \(host) (Kurse \(courses))", "Host \(host) (courses \(courses))")
            do {
                let user = try await client.getUser(id: host, context: .none)
                if user.isLicensed, kind == .webinar {
                    checks.append(
                        await webinarCheck(client: client, host: host, trainer: trainers[host], subject: subject))
                } else if user.isLicensed {
                    checks.append(
                        DoctorCheck(
                            id: "host", status: .ok,
                            message: t(
                                "\(subject.de): Benutzer im Zoom-Konto, lizenziert.",
                                "\(subject.en): user of the Zoom account, licensed.")))
                } else {
                    checks.append(
                        DoctorCheck(
                            id: "host", status: .error,
                            message: t(
                                "\(subject.de): nicht lizenziert (Basic) – Meetings mit Registrierung braucht einen lizenzierten Moderator.",
                                "\(subject.en): not licensed (basic) — registration needs a licensed host."),
                            fix: t(
                                "Dem Benutzer in Zoom (Benutzerverwaltung) eine Lizenz zuweisen oder in SEMCO einen lizenzierten Moderator eintragen.",
                                "Assign the user a licence in Zoom (User Management) or enter a licensed host in SEMCO."
                            )))
                }
            } catch let error as ZoomError where error.isUserMissing || error.httpStatus == 404 {
                checks.append(
                    DoctorCheck(
                        id: "host", status: .error,
                        message: t(
                            "\(subject.de): Benutzer existiert im Zoom-Konto nicht.",
                            "\(subject.en): user does not exist in the Zoom account."),
                        fix: t(
                            "Den Benutzer im Zoom-Konto anlegen oder den Zoom Benutzernamen in SEMCO korrigieren.",
                            "Add the user to the Zoom account or correct the Zoom user name in SEMCO.")))
            } catch {
                let text = (error as? ZoomError)?.text ?? t("\(error)", "\(error)")
                checks.append(
                    DoctorCheck(
                        id: "host", status: .error,
                        message: t(
                            "\(subject.de): nicht prüfbar: \(text.de)",
                            "\(subject.en): could not be checked: \(text.en)"),
                        fix: t("Später erneut prüfen.", "Check again later.")))
            }
        }
        return checks
    }

    /// A licensed host's webinar add-on (`zoom.kind: webinar`).
    static func webinarCheck(client: any ZoomClient, host: String, trainer: String?, subject: LocalizedText) async
        -> DoctorCheck
    {
        let who = trainer.map { t("\($0), \(subject.de)", "\($0), \(subject.en)") } ?? subject
        do {
            let features = try await client.getUserFeatures(id: host, context: .none)
            if features.webinar {
                let capacity = features.webinarCapacity.map { t(", bis \($0) Teilnehmende", ", up to \($0) attendees") }
                return DoctorCheck(
                    id: "host", status: .ok,
                    message: t(
                        "\(who.de): Benutzer im Zoom-Konto, lizenziert, mit Webinar-Lizenz\(capacity?.de ?? "").",
                        "\(who.en): user of the Zoom account, licensed, with a webinar licence\(capacity?.en ?? "")."))
            }
            return DoctorCheck(
                id: "host", status: .error,
                message: t(
                    "\(who.de): keine Webinar-Lizenz (zoom.kind: webinar) – Zoom lehnt das Anlegen der Webinare ab.",
                    "\(who.en): no webinar licence (zoom.kind: webinar) — Zoom refuses to create the webinars."),
                fix: t(
                    "Dem Benutzer in Zoom (Benutzerverwaltung) die Webinar-Lizenz zuweisen, in SEMCO einen Moderator mit Webinar-Lizenz eintragen oder zoom.kind: meeting konfigurieren.",
                    "Assign the user the webinar licence in Zoom (User Management), enter a host with a webinar licence in SEMCO, or configure zoom.kind: meeting."
                ))
        } catch {
            let text = (error as? ZoomError)?.text ?? t("\(error)", "\(error)")
            return DoctorCheck(
                id: "host", status: .error,
                message: t(
                    "\(who.de): Webinar-Lizenz nicht prüfbar: \(text.de)",
                    "\(who.en): webinar licence could not be checked: \(text.en)"),
                fix: t("Später erneut prüfen.", "Check again later."))
        }
    }

    /// The trainers behind the hosts of `hosts(in:configuration:today:)`: host address (lower
    /// case) → the trainer's name as SEMCO shows it (first name and last name, or the Kursbetreuer).
    public static func trainerNames(in snapshot: Snapshot) -> [String: String] {
        var names: [String: String] = [:]
        for trainer in snapshot.trainers {
            guard let address = trainer.zoomUser?.trimmingCharacters(in: .whitespaces).lowercased(),
                address.contains("@"), names[address] == nil
            else { continue }
            let name = "\(trainer.firstName) \(trainer.lastName)".trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { names[address] = name }
        }
        for course in snapshot.courses {
            guard let supervisor = course.supervisor,
                let address = supervisor.zoomUser?.trimmingCharacters(in: .whitespaces).lowercased(),
                address.contains("@"), names[address] == nil, let name = supervisor.name, !name.isEmpty
            else { continue }
            names[address] = name
        }
        return names
    }

    /// The hosts of the Zoom courses in a snapshot that are not over, cancelled or finished:
    /// host address (lower case) → course numbers. Courses without a usable host are left out
    /// (`validate` reports them).
    public static func hosts(in snapshot: Snapshot, configuration: Configuration, today: CalendarDay) -> [String:
        [CourseNumber]]
    {
        var result: [String: [CourseNumber]] = [:]
        for course in snapshot.courses {
            guard configuration.isZoomRoom(course.venue),
                course.status != .cancelled, course.status != .finished, !(course.endDay < today)
            else { continue }
            var host: String?
            switch course.moderatorRole {
            case .courseSupervisor?: host = course.supervisor?.zoomUser
            case .trainer?:
                let moderators = snapshot.trainers.filter { $0.courseNumber == course.number && $0.isModerator }
                if moderators.count == 1 { host = moderators[0].zoomUser }
            case nil: host = nil
            }
            guard let address = host?.trimmingCharacters(in: .whitespaces).lowercased(), address.contains("@") else {
                continue
            }
            result[address, default: []].append(course.number)
        }
        return result
    }

    // MARK: Folders, lock, state

    /// Whether a folder exists (or can be created) and a file can be written in it.
    public static func folderCheck(id: String, name: LocalizedText, url: URL, mayBeCreated: Bool) -> DoctorCheck {
        var isDirectory: ObjCBool = false
        let path = url.path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                return DoctorCheck(
                    id: id, status: .error,
                    message: t("\(name.de) \(path) ist kein Ordner.", "\(name.en) \(path) is not a folder."),
                    fix: t("Den Pfad korrigieren.", "Correct the path."))
            }
            let probe = url.appendingPathComponent(".semco-zoom-doctor-\(UUID().uuidString)")
            let fd = open(probe.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                close(fd)
                unlink(probe.path)
                return DoctorCheck(
                    id: id, status: .ok,
                    message: t("\(name.de) \(path) ist beschreibbar.", "\(name.en) \(path) is writable."))
            }
            let reason = String(cString: strerror(errno))
            return DoctorCheck(
                id: id, status: .error,
                message: t(
                    "\(name.de) \(path) ist nicht beschreibbar (\(reason)).",
                    "\(name.en) \(path) is not writable (\(reason))."),
                fix: t(
                    "Dem Benutzer, unter dem semco-zoom läuft, Schreibrechte geben.",
                    "Give the user semco-zoom runs as write permission."))
        }
        if mayBeCreated {
            var ancestor = url.deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: ancestor.path) && ancestor.path != "/" {
                ancestor = ancestor.deletingLastPathComponent()
            }
            if access(ancestor.path, W_OK) == 0 {
                return DoctorCheck(
                    id: id, status: .ok,
                    message: t(
                        "\(name.de) \(path) fehlt noch und wird beim ersten Lauf angelegt.",
                        "\(name.en) \(path) does not exist yet; the first run creates it."))
            }
            return DoctorCheck(
                id: id, status: .error,
                message: t(
                    "\(name.de) \(path) fehlt und kann nicht angelegt werden.",
                    "\(name.en) \(path) is missing and cannot be created."),
                fix: t(
                    "Den Ordner anlegen oder Schreibrechte auf \(ancestor.path) geben.",
                    "Create the folder or grant write permission on \(ancestor.path)."))
        }
        return DoctorCheck(
            id: id, status: .error, message: t("\(name.de) \(path) fehlt.", "\(name.en) \(path) does not exist."),
            fix: t(
                "Den Ordner anlegen oder den Pfad (--drop / paths.drop) korrigieren.",
                "Create the folder or correct the path (--drop / paths.drop)."))
    }

    /// Whether a run holds `<state>.lock` now (a non-blocking shared flock).
    public static func lockCheck(stateURL: URL) -> DoctorCheck {
        let lockURL = StateStore(url: stateURL).lockURL
        if RunLock.isHeld(lockURL) {
            return DoctorCheck(
                id: "lock", status: .warning,
                message: t(
                    "Ein Lauf hält gerade die Sperre \(lockURL.path).", "A run holds the lock \(lockURL.path) now."),
                fix: t(
                    "Warten, bis er fertig ist; ein zweiter Lauf bricht mit Exit-Code 75 ab, ohne etwas anzufassen.",
                    "Wait for it to finish; a second run stops with exit code 75 without touching anything."))
        }
        return DoctorCheck(
            id: "lock", status: .ok, message: t("Sperre frei: kein Lauf aktiv.", "Lock free: no run active."))
    }

    /// The state file: readable, a known format, lineage and serial, owner-only.
    public static func stateCheck(stateURL: URL) -> [DoctorCheck] {
        let store = StateStore(url: stateURL)
        do {
            let loaded = try store.load()
            guard loaded.existed else {
                return [
                    DoctorCheck(
                        id: "state", status: .ok,
                        message: t(
                            "Noch keine Statusdatei \(stateURL.path); der erste Lauf legt sie an.",
                            "No state file \(stateURL.path) yet; the first run creates it."))
                ]
            }
            let state = loaded.state
            let active = state.courses.values.filter { $0.phase == .active }.count
            var checks = [
                DoctorCheck(
                    id: "state", status: .ok,
                    message: t(
                        "Statusdatei \(stateURL.path): Format \(state.format), Kennung \(state.lineage), Stand Nr. \(state.serial), \(RunTexts(language: .de).count(state.courses.count, .course)) (\(active) aktiv).",
                        "State file \(stateURL.path): format \(state.format), id \(state.lineage), version \(state.serial), \(RunTexts(language: .en).count(state.courses.count, .course)) (\(active) active)."
                    ))
            ]
            if let attributes = try? FileManager.default.attributesOfItem(atPath: stateURL.path),
                let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
            {
                checks.append(
                    DoctorCheck(
                        id: "state", status: .warning,
                        message: t(
                            "Die Statusdatei (personenbezogene Daten) ist für andere lesbar (Rechte \(String(mode & 0o777, radix: 8))).",
                            "The state file (personal data) is readable by others (mode \(String(mode & 0o777, radix: 8)))."
                        ),
                        fix: t("chmod 600 \(stateURL.path)", "chmod 600 \(stateURL.path)")))
            }
            return checks
        } catch {
            return [
                DoctorCheck(
                    id: "state", status: .error, message: error.message,
                    fix: t(
                        "Die Statusdatei nicht löschen: mit der Vorversion (.bak) vergleichen oder semco-zoom aktualisieren.",
                        "Do not delete the state file: compare it with the previous version (.bak) or update semco-zoom."
                    ))
            ]
        }
    }

    // MARK: Result

    public static func render(_ checks: [DoctorCheck], language: Language) -> String {
        var text = checks.map { $0.line(language) }.joined(separator: "\n") + "\n"
        let errors = checks.filter { $0.status == .error }.count
        let warnings = checks.filter { $0.status == .warning }.count
        let texts = RunTexts(language: language)
        text += "\(texts.count(errors, .error)), \(texts.count(warnings, .warning)).\n"
        return text
    }

    /// 0 without errors, 1 with any.
    public static func exitStatus(_ checks: [DoctorCheck]) -> ExitStatus {
        checks.contains { $0.status == .error } ? .fatal : .ok
    }
}
