import Foundation

/// Co-trainers as alternative hosts (`alternative_hosts: trainers`; docs/sync-rules.md,
/// "Co-trainers as alternative hosts"). With the option on, the sync owns the meeting's
/// `settings.alternative_hosts`: the course's other trainers whose Zoom user is a licensed user
/// of the account. It is sent with the create, and afterwards in the one PATCH only when the set
/// (compared case-insensitively) differs from what Zoom holds. The state keeps the set last sent
/// (`ManagedCourse.alternativeHosts`) to tell a change in SEMCO from one made in Zoom. With the
/// option off nothing here reads or writes the field.
enum AlternativeHosts {
    static let field = "alternative_hosts"

    /// Zoom's list as a set of lower-case addresses (meetings separate with `;`, webinars with `,`;
    /// both are read).
    static func parse(_ text: String?) -> Set<String> {
        guard let text else { return [] }
        var result: Set<String> = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let address = TextCase.lowercased(TextTrim.whitespaces(String(part)))
            if !address.isEmpty { result.insert(address) }
        }
        return result
    }

    /// The field's value for Zoom: sorted, `;`-separated for a meeting, `,` for a webinar.
    static func format(_ addresses: Set<String>, kind: MeetingKind) -> String {
        addresses.sorted().joined(separator: kind.isWebinar ? "," : ";")
    }

    /// The set to send for a course, and what is said about the co-trainers left out.
    struct Wish {
        var addresses: Set<String> = []
        /// False when a co-trainer's Zoom user could not be read: the field is then left as it is.
        var complete = true
        var diagnostics: [Diagnostic] = []
    }

    /// The co-trainers whose Zoom user is licensed, without the meeting's host(s).
    static func wish(
        _ number: CourseNumber, coTrainers: [CoTrainer], users: [String: ZoomUserStanding], hosts: Set<String>
    ) -> Wish {
        var wish = Wish()
        var unchecked: [String] = []
        var firstError: ZoomError?
        for trainer in coTrainers {
            guard let address = trainer.zoomUser else {
                wish.diagnostics.append(noZoomUser(number, trainer))
                continue
            }
            if hosts.contains(address) { continue }
            switch users[address] {
            case .licensed?:
                wish.addresses.insert(address)
            case .unlicensed(let licence, let status)?:
                wish.diagnostics.append(
                    unlicensed(number, trainer, address: address, licence: licence, status: status))
            case .missing?:
                wish.diagnostics.append(notInZoom(number, trainer, address: address))
            case .unavailable(let error)?:
                firstError = firstError ?? error
                wish.complete = false
                unchecked.append("\(trainer.name) <\(address)>")
            case nil:
                wish.complete = false
                unchecked.append("\(trainer.name) <\(address)>")
            }
        }
        if !unchecked.isEmpty {
            wish.diagnostics.append(uncheckedTrainers(number, people: unchecked, error: firstError))
        }
        return wish
    }

    /// After a create or a PATCH Zoom took: the set now in Zoom is the one sent. A create with the
    /// option on and no co-trainer to send records the empty set (the sync owns the field).
    static func recordSent(
        _ request: MeetingChange?, into managed: inout ManagedCourse, isCreate: Bool,
        option: Configuration.AlternativeHostsOption
    ) {
        if let sent = request?.settings?.alternativeHosts {
            managed.alternativeHosts = parse(sent).sorted()
        } else if isCreate {
            managed.alternativeHosts = option == .trainers ? [] : nil
        }
    }

    // MARK: - Diagnostics

    static func noZoomUser(_ number: CourseNumber, _ trainer: CoTrainer) -> Diagnostic {
        let value = trainer.unusableZoomUser
        return Diagnostic(
            code: "plan.co-trainer-no-zoom-user", severity: .warning, course: number,
            message: LocalizedText(
                de: value.map {
                    "Co-Trainer \(trainer.name) von Kurs \(number.rawValue) hat keinen gültigen Zoom Benutzernamen („\($0)“) und wird nicht alternativer Host des Meetings."
                }
                    ?? "Zoom Benutzernamen ist für Co-Trainer \(trainer.name) von Kurs \(number.rawValue) nicht festgelegt; er wird nicht alternativer Host des Meetings.",
                en: value.map {
                    "Co-trainer \(trainer.name) of course \(number.rawValue) has no valid Zoom user name (\"\($0)\") and is not made an alternative host of the meeting."
                }
                    ?? "Co-trainer \(trainer.name) of course \(number.rawValue) has no Zoom user name in SEMCO and is not made an alternative host of the meeting."
            ),
            hint: LocalizedText(
                de:
                    "In SEMCO beim Trainer den Zoom Benutzernamen (die E-Mail seines lizenzierten Zoom-Benutzers) eintragen.",
                en: "Enter the trainer's Zoom user name (the e-mail of their licensed Zoom user) in SEMCO."),
            source: trainer.source)
    }

    static func notInZoom(_ number: CourseNumber, _ trainer: CoTrainer, address: String) -> Diagnostic {
        Diagnostic(
            code: "plan.co-trainer-not-in-zoom", severity: .warning, course: number,
            message: LocalizedText(
                de:
                    "Co-Trainer \(trainer.name) von Kurs \(number.rawValue): der Zoom-Benutzer \(address) existiert im Zoom-Konto nicht; er wird nicht alternativer Host des Meetings.",
                en:
                    "Co-trainer \(trainer.name) of course \(number.rawValue): Zoom user \(address) does not exist in the Zoom account; they are not made an alternative host of the meeting."
            ),
            hint: LocalizedText(
                de:
                    "Den Benutzer im Zoom-Konto anlegen und lizenzieren oder den Zoom Benutzernamen in SEMCO korrigieren.",
                en: "Add the user to the Zoom account with a licence, or correct the Zoom user name in SEMCO."),
            source: trainer.source)
    }

    static func unlicensed(
        _ number: CourseNumber, _ trainer: CoTrainer, address: String, licence: UserLicence, status: String?
    )
        -> Diagnostic
    {
        let what: LocalizedText
        switch licence {
        case .licensed:
            let status = status ?? "?"
            what = LocalizedText(de: "ist nicht aktiv (Status \(status))", en: "is not active (status \(status))")
        case .basic:
            what = LocalizedText(de: "ist nicht lizenziert (Basic)", en: "is not licensed (Basic)")
        case .other(let type):
            what = LocalizedText(de: "ist nicht lizenziert (Typ \(type))", en: "is not licensed (type \(type))")
        }
        return Diagnostic(
            code: "plan.co-trainer-unlicensed", severity: .warning, course: number,
            message: LocalizedText(
                de:
                    "Co-Trainer \(trainer.name) von Kurs \(number.rawValue): der Zoom-Benutzer \(address) \(what.de); Zoom nimmt nur lizenzierte Benutzer des Kontos als alternative Hosts, er wird nicht eingetragen.",
                en:
                    "Co-trainer \(trainer.name) of course \(number.rawValue): Zoom user \(address) \(what.en); Zoom takes only licensed users of the account as alternative hosts, so they are not added."
            ),
            hint: LocalizedText(
                de: "Dem Benutzer in Zoom (Benutzerverwaltung) eine Lizenz zuweisen; der nächste Lauf trägt ihn ein.",
                en: "Assign the user a licence in Zoom (User Management); the next run adds them."),
            source: trainer.source)
    }

    static func uncheckedTrainers(_ number: CourseNumber, people: [String], error: ZoomError?) -> Diagnostic {
        let zoom = error.map { " (Zoom: \(ZoomErrorReport($0).message))" } ?? ""
        return Diagnostic(
            code: "plan.co-trainer-unchecked", severity: .warning, course: number,
            message: LocalizedText(
                de:
                    "Die Zoom-Benutzer der Co-Trainer von Kurs \(number.rawValue) konnten nicht alle gelesen werden (\(people.joined(separator: ", ")))\(zoom); die alternativen Hosts des Meetings bleiben in diesem Lauf, wie sie sind.",
                en:
                    "Not every co-trainer's Zoom user of course \(number.rawValue) could be read (\(people.joined(separator: ", ")))\(zoom); the meeting's alternative hosts stay as they are in this run."
            ),
            hint: LocalizedText(
                de: "Nichts zu tun, wenn Zoom nur kurz nicht erreichbar war: der nächste Lauf holt es nach. "
                    + "Fehlt der Zoom-App der Scope user:read:admin, ihn hinzufügen.",
                en: "Nothing to do if Zoom was briefly unreachable: the next run catches up. "
                    + "If the Zoom app lacks the scope user:read:admin, add it."))
    }
}

extension CoursePlanner {
    /// The host no alternative host may be: the one Zoom shows for the meeting (a host changed in
    /// Zoom is taken over in this same run), else the course's.
    func hostAddresses(_ meeting: ZoomMeeting?) -> Set<String> {
        if let shown = meeting?.hostEmail.map(TextTrim.whitespaces), !shown.isEmpty {
            return [TextCase.lowercased(shown)]
        }
        guard let host = course.host ?? managed?.host else { return [] }
        return [TextCase.lowercased(host)]
    }

    /// The create carries the co-trainers with a licensed Zoom user (the field is left out when
    /// there is none: Zoom's default is no alternative host).
    mutating func addAlternativeHosts(to request: inout MeetingChange) {
        guard configuration.alternativeHosts == .trainers else { return }
        let wish = AlternativeHosts.wish(
            number, coTrainers: course.trainers, users: zoom.users, hosts: hostAddresses(nil))
        result.diagnostics += wish.diagnostics
        guard !wish.addresses.isEmpty else { return }
        var settings = request.settings ?? MeetingSettings()
        settings.alternativeHosts = AlternativeHosts.format(
            wish.addresses, kind: request.kind ?? .meeting)
        request.settings = settings
    }

    /// An existing meeting: the field goes into the one PATCH when the set Zoom holds differs from
    /// the wish and SEMCO changed it since it was last sent, or (changed in Zoom) under
    /// `drift: semco`; under `drift: report` a change made in Zoom is only reported. Returns the
    /// set to record in the state when Zoom already holds the wish (nil: nothing to record).
    mutating func considerAlternativeHosts(
        _ meeting: ZoomMeeting, request: inout MeetingChange, semcoFields: inout [String],
        zoomFields: inout [String]
    ) -> [String]? {
        guard configuration.alternativeHosts == .trainers else { return nil }
        let wish = AlternativeHosts.wish(
            number, coTrainers: course.trainers, users: zoom.users, hosts: hostAddresses(meeting))
        result.diagnostics += wish.diagnostics
        guard wish.complete else { return nil }
        let observed = AlternativeHosts.parse(meeting.settings?.alternativeHosts)
        if observed == wish.addresses { return wish.addresses.sorted() }

        func send() {
            var settings = request.settings ?? MeetingSettings()
            settings.alternativeHosts = AlternativeHosts.format(wish.addresses, kind: meeting.kind)
            request.settings = settings
        }
        let lastSent = managed?.meetingID == meeting.id ? managed?.alternativeHosts.map(Set.init) : nil
        let describe = { (set: Set<String>) in set.isEmpty ? "–" : set.sorted().joined(separator: ", ") }
        if lastSent != wish.addresses {
            send()
            semcoFields.append(AlternativeHosts.field)
        } else {
            let setBack = configuration.drift == .semco
            result.diagnostics.append(
                PlanCatalogue.drift(
                    number, field: AlternativeHosts.field, zoomValue: describe(observed),
                    semcoValue: describe(wish.addresses), setBack: setBack))
            if setBack {
                send()
                zoomFields.append(AlternativeHosts.field)
            }
        }
        return nil
    }

    /// Zoom already holds the wish: the state records it as sent (heals a run killed between the
    /// PATCH and its journal entry), without a call.
    mutating func recordAlternativeHosts(_ settled: [String]?, meeting: ZoomMeeting) {
        guard let settled, let managed, managed.meetingID == meeting.id else { return }
        var update = result.stateUpdate ?? managed
        guard update.alternativeHosts != settled else { return }
        update.alternativeHosts = settled
        result.stateUpdate = update
    }
}
