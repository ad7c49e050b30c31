import Foundation

/// The doctor's checks of the Zoom account: credentials and token, scopes, plan and users, the hosts.
extension Doctor {
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
}
