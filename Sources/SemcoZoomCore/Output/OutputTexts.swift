import Foundation

/// Every admin-facing text of the output stage, German and English. German sentences are
/// the guide's where it has them (inbox line, troubleshooting of the Zoom import).
public enum OutputTexts {
    /// The guide's inbox sentence (Abb. 24), with the course and the last error filled in.
    public static func inboxSentence(course: String, title: String, lastError: String) -> LocalizedText {
        LocalizedText(
            de: "Synchronisation des Kurses \(course) \(title) ist fehlgeschlagen. Bitte korrigieren Sie die Daten und starten Sie die Synchronisation erneut. Die letzte Fehlermeldung lautet: \(lastError)",
            en: "Synchronisation of course \(course) \(title) failed. Please correct the data and start the synchronisation again. The last error message is: \(lastError)")
    }

    /// The guide's remedy for re-booking after a cancellation ("Probleme beheben").
    public static func zoomImportSteps(file: String) -> LocalizedText {
        LocalizedText(
            de: "Zoom nimmt diese Teilnehmer über die Schnittstelle nicht (wieder) an. Die Datei \(file) enthält ihre Daten (E-Mail-Adresse, Vorname, Nachname). Melden Sie sich in Ihrem Zoom-Zugang an, navigieren Sie in die Registerkarte Meetings, öffnen Sie das Meeting und klicken Sie bei der Registrierung auf Aus CSV-Datei importieren, um die betreffenden Teilnehmer manuell zu übertragen. Starten Sie danach die Synchronisation erneut.",
            en: "Zoom does not take these participants (back) through the API. The file \(file) holds their data (e-mail address, first name, last name). Sign in to Zoom, go to the Meetings tab, open the meeting and under registration click Import from CSV to add them by hand. Then run the synchronisation again.")
    }

    public static func status(_ status: ReportAction.Status) -> LocalizedText {
        switch status {
        case .planned: return LocalizedText(de: "geplant", en: "planned")
        case .applied: return LocalizedText(de: "erledigt", en: "done")
        case .failed: return LocalizedText(de: "fehlgeschlagen", en: "failed")
        case .deferred: return LocalizedText(de: "zurückgestellt", en: "deferred")
        }
    }

    public static func severity(_ severity: Severity) -> LocalizedText {
        switch severity {
        case .error: return LocalizedText(de: "Fehler", en: "Error")
        case .warning: return LocalizedText(de: "Warnung", en: "Warning")
        case .info: return LocalizedText(de: "Hinweis", en: "Note")
        }
    }

    /// What an action does (`done` false: to do; true: done).
    public static func action(_ kind: ReportAction.Kind, done: Bool) -> LocalizedText {
        func t(_ de: String, _ deDone: String, _ en: String, _ enDone: String) -> LocalizedText {
            done ? LocalizedText(de: deDone, en: enDone) : LocalizedText(de: de, en: en)
        }
        switch kind {
        case .createMeeting: return t("Meeting anlegen", "Meeting angelegt", "Create meeting", "Meeting created")
        case .adoptMeeting: return t("Vorhandenes Meeting übernehmen", "Vorhandenes Meeting übernommen",
                                     "Adopt existing meeting", "Existing meeting adopted")
        case .updateMeeting: return t("Meeting ändern", "Meeting geändert", "Update meeting", "Meeting updated")
        case .moveOccurrence: return t("Termin verschieben", "Termin verschoben", "Move occurrence", "Occurrence moved")
        case .deleteOccurrence: return t("Termin löschen", "Termin gelöscht", "Delete occurrence", "Occurrence deleted")
        case .deleteMeeting: return t("Meeting löschen", "Meeting gelöscht", "Delete meeting", "Meeting deleted")
        case .addRegistrant: return t("Teilnehmer anmelden", "Teilnehmer angemeldet", "Register participant", "Participant registered")
        case .approveRegistrant: return t("Teilnehmer wieder zulassen", "Teilnehmer wieder zugelassen",
                                          "Re-approve participant", "Participant re-approved")
        case .cancelRegistrant: return t("Teilnehmer abmelden", "Teilnehmer abgemeldet", "Cancel registrant", "Registrant cancelled")
        case .refreshRegistrants: return t("Persönliche Beitrittslinks lesen", "Persönliche Beitrittslinks gelesen",
                                           "Read personal join links", "Personal join links read")
        case .forgetMeeting: return t("In Zoom gelöschtes Meeting vergessen (wird neu angelegt)",
                                      "In Zoom gelöschtes Meeting vergessen (wird neu angelegt)",
                                      "Forget meeting deleted in Zoom (it is created anew)",
                                      "Meeting deleted in Zoom forgotten (it is created anew)")
        case .closeCourse: return t("Kurs abschließen (keine Änderungen mehr)", "Kurs abgeschlossen (keine Änderungen mehr)",
                                    "Close course (no more changes)", "Course closed (no more changes)")
        case .handToImport: return t("Für den Zoom-Import vorsehen", "In die Zoom-Importdatei geschrieben",
                                     "Hand to the Zoom import", "Written to the Zoom import file")
        case .other: return t("Weitere Arbeit", "Weitere Arbeit", "Further work", "Further work")
        }
    }

    /// A Zoom failure in words; branches on the code, never on Zoom's message.
    public static func zoomError(_ error: ZoomError) -> LocalizedText {
        switch error {
        case .api(let status, let code, let message, let fieldErrors):
            let codeText = code.map { "\($0)" } ?? "–"
            let fields = fieldErrors.isEmpty ? "" : " (" + fieldErrors.map { "\($0.field): \($0.message)" }.joined(separator: "; ") + ")"
            let detail = "\(message)\(fields)"
            switch code {
            case 1001:
                return LocalizedText(de: "Der Benutzer existiert im Zoom-Konto nicht (Zoom-Code 1001).",
                                     en: "The user does not exist in the Zoom account (Zoom code 1001).")
            case 3001:
                return LocalizedText(de: "Das Meeting existiert in Zoom nicht (mehr) (Zoom-Code 3001).",
                                     en: "The meeting does not exist in Zoom (any more) (Zoom code 3001).")
            case 3161:
                return LocalizedText(de: "Der Moderator darf in Zoom keine Meetings planen – vermutlich fehlt ihm die Lizenz (Zoom-Code 3161).",
                                     en: "The host may not schedule meetings in Zoom, probably not licensed (Zoom code 3161).")
            case 3027:
                return LocalizedText(de: "Moderator des Webinars ist in dieses Webinar als Teilnehmer eingebucht (Zoom-Code 3027).",
                                     en: "The host of the meeting is booked into it as a participant (Zoom code 3027).")
            case 3043:
                return LocalizedText(de: "Die Höchstzahl an Registrierungen des Meetings ist erreicht (Zoom-Code 3043).",
                                     en: "The meeting's registrant capacity is reached (Zoom code 3043).")
            case 3038:
                return LocalizedText(de: "Das Meeting ist bereits vorbei (Zoom-Code 3038).",
                                     en: "The meeting is over (Zoom code 3038).")
            default:
                return LocalizedText(de: "Zoom hat abgelehnt (HTTP \(status), Zoom-Code \(codeText)): \(detail)",
                                     en: "Zoom refused (HTTP \(status), Zoom code \(codeText)): \(detail)")
            }
        case .authenticationFailed(let status, let reason):
            return LocalizedText(de: "Zoom hat die Zugangsdaten abgelehnt (HTTP \(status)): \(reason)",
                                 en: "Zoom refused the credentials (HTTP \(status)): \(reason)")
        case .missingScope(let code, let message):
            return LocalizedText(de: "Der Zoom-App fehlt eine Berechtigung (Zoom-Code \(code)): \(message)",
                                 en: "The Zoom app lacks a scope (Zoom code \(code)): \(message)")
        case .dailyLimit(_, let category, let limitType):
            let what = [category, limitType].compactMap { $0 }.joined(separator: ", ")
            return LocalizedText(de: "Tageslimit von Zoom erreicht\(what.isEmpty ? "" : " (\(what))").",
                                 en: "Zoom's daily limit reached\(what.isEmpty ? "" : " (\(what))").")
        case .outcomeUnknown(let method, let path, let reason):
            return LocalizedText(de: "Keine Antwort von Zoom auf \(method) \(path) (\(reason)); der nächste Lauf klärt, ob es angekommen ist.",
                                 en: "No answer from Zoom to \(method) \(path) (\(reason)); the next run finds out whether it arrived.")
        case .unavailable(let method, let path, let attempts, let reason):
            return LocalizedText(de: "Zoom nicht erreichbar: \(method) \(path) nach \(attempts) Versuchen (\(reason)).",
                                 en: "Zoom unavailable: \(method) \(path) after \(attempts) attempts (\(reason)).")
        case .invalidResponse(let method, let path, let reason):
            return LocalizedText(de: "Unverständliche Antwort von Zoom auf \(method) \(path): \(reason)",
                                 en: "Zoom's answer to \(method) \(path) could not be read: \(reason)")
        case .notConfigured(let what):
            return LocalizedText(de: "Zoom-Zugang nicht eingerichtet: \(what)", en: "Zoom access not configured: \(what)")
        }
    }
}
