import Foundation

// What `semco-zoom forget` tells the operator, in the chosen language (German by default).

public struct ForgetTexts: Sendable {
    public var language: Language
    public init(language: Language) { self.language = language }

    func pick(_ de: String, _ en: String) -> String { language == .de ? de : en }

    public func confirmation(_ email: String, includeArchive: Bool) -> String {
        pick(
            "Alle Daten zu <\(email)> aus Statusdatei (mit .bak und Journal) und Laufordnern entfernen"
                + (includeArchive ? " und archivierte Exporte mit der Adresse löschen" : "") + "? [j/N] ",
            "Remove all data of <\(email)> from the state file (with .bak and journal) and the run folders"
                + (includeArchive ? " and delete the archived exports holding the address" : "") + "? [y/N] ")
    }

    public func isYes(_ answer: String) -> Bool {
        ["j", "ja", "y", "yes"].contains(answer.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
    }

    public var notConfirmed: String { pick("Abgebrochen, nichts verändert.", "Cancelled, nothing changed.") }

    public var needsYes: String {
        pick(
            "forget verändert Dateien unwiderruflich: ohne Terminal bitte --yes angeben. Nichts verändert.",
            "forget changes files for good: without a terminal, pass --yes. Nothing changed.")
    }

    public var invalidAddress: String {
        pick(
            "--email braucht eine E-Mail-Adresse (name@domain).", "--email needs an e-mail address (name@domain).")
    }

    public func report(_ result: ForgetRun.Result, email: String) -> String {
        let person = result.person
        var lines = [pick("Vergessen: <\(email)>", "Forgotten: <\(email)>")]
        let registrations = person.removed.values.reduce(0, +)
        let courses = person.removed.keys.sorted().map(\.rawValue).joined(separator: ", ")
        if registrations > 0 {
            lines.append(
                pick(
                    "Statusdatei: \(registrations) Anmeldung(en) mit Namen, Buchungen und Beitrittslink entfernt (Kurse \(courses)).",
                    "State file: \(registrations) registration(s) removed with names, bookings and join link (courses \(courses))."
                ))
        } else {
            lines.append(
                pick(
                    "Statusdatei: keine Anmeldung unter dieser Adresse.",
                    "State file: no registration under this address."))
        }
        if result.stateRewritten {
            lines.append(
                pick(
                    "Statusdatei neu geschrieben; Vorversion (.bak) ersetzt, Journal eingearbeitet und entfernt.",
                    "State file rewritten; previous version (.bak) replaced, journal folded in and removed."))
        }
        if !person.hostOf.isEmpty {
            let list = person.hostOf.map(\.rawValue).joined(separator: ", ")
            lines.append(
                pick(
                    "Die Adresse ist Host laufender Kurse (\(list)): dort bleibt sie, das Meeting braucht sie. Moderator in SEMCO ändern.",
                    "The address hosts running courses (\(list)): it stays there, the meeting needs it. Change the moderator in SEMCO."
                ))
        }
        lines.append(
            result.rewritten.isEmpty
                ? pick("Laufordner: keine Datei enthielt die Person.", "Run folders: no file held the person.")
                : pick(
                    "Laufordner: \(result.rewritten.count) Datei(en) neu geschrieben (nur für den Eigentümer lesbar):",
                    "Run folders: \(result.rewritten.count) file(s) rewritten (owner-only):")
                    + result.rewritten.map { "\n  \($0)" }.joined())
        if result.exports.isEmpty {
            lines.append(
                pick(
                    "Exporte im Ablageordner: keiner enthält die Adresse.",
                    "Exports in the drop directory: none holds the address."))
        } else {
            let kept = result.exports.filter { !result.deleted.contains($0) }
            if !result.deleted.isEmpty {
                lines.append(
                    pick("Gelöschte Exporte (--include-archive):", "Exports deleted (--include-archive):")
                        + result.deleted.map { "\n  \($0)" }.joined())
            }
            if !kept.isEmpty {
                lines.append(
                    pick(
                        "Exporte, die die Adresse noch enthalten (SEMCO ist die Quelle; archivierte und abgelehnte löscht --include-archive, noch nicht gelesene bleiben):",
                        "Exports still holding the address (SEMCO is the source; --include-archive deletes archived and rejected ones, unread ones stay):"
                    ) + kept.map { "\n  \($0)" }.joined())
            }
        }
        let active = person.activeCourses.map(\.rawValue).joined(separator: ", ")
        lines.append(
            pick(
                "Zoom wurde nicht verändert: Anmeldungen in Zoom"
                    + (active.isEmpty ? "" : " (laufende Kurse \(active))")
                    + " bleiben bestehen. Eine noch aktive Buchung storniert SEMCO; solange SEMCO sie exportiert, "
                    + "meldet der nächste Lauf die Person wieder an.",
                "Zoom was not changed: registrations in Zoom"
                    + (active.isEmpty ? "" : " (running courses \(active))")
                    + " stay. Cancelling a still-active booking is SEMCO's job; while SEMCO exports it, "
                    + "the next run registers the person again."))
        for problem in result.problems { lines.append(problem.text(language)) }
        if !result.remaining.isEmpty {
            lines.append(
                pick("Die Adresse steht noch in:", "The address is still in:")
                    + result.remaining.map { "\n  \($0)" }.joined())
        }
        lines.append(
            result.finished
                ? pick("Fertig.", "Done.")
                : pick("Nicht vollständig: siehe oben; erneut ausführen.", "Not complete: see above; run it again."))
        return lines.joined(separator: "\n") + "\n"
    }
}
