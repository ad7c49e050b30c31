import Foundation

/// Every admin-facing text of the output stage, German and English. German sentences are
/// the guide's where it has them (inbox line, troubleshooting of the Zoom import).
public enum OutputTexts {
    /// The guide's inbox sentence (Abb. 24), with the course and the last error filled in.
    public static func inboxSentence(course: String, title: String, lastError: String) -> LocalizedText {
        LocalizedText(
            de:
                "Synchronisation des Kurses \(course) \(title) ist fehlgeschlagen. Bitte korrigieren Sie die Daten und starten Sie die Synchronisation erneut. Die letzte Fehlermeldung lautet: \(lastError)",
            en:
                "Synchronisation of course \(course) \(title) failed. Please correct the data and start the synchronisation again. The last error message is: \(lastError)"
        )
    }

    /// A course whose meeting exists but where something did not go through (bookings Zoom
    /// refused, errors in the export): it needs attention; it did not fail as a whole.
    public static func attentionSentence(course: String, title: String, errors: Int, lastError: String) -> LocalizedText
    {
        let de = RunTexts(language: .de).count(errors, .error)
        let en = RunTexts(language: .en).count(errors, .error)
        return LocalizedText(
            de:
                "Kurs \(course) \(title) braucht Aufmerksamkeit: Das Meeting besteht, aber nicht alles wurde übertragen (\(de)). Die letzte Fehlermeldung lautet: \(lastError)",
            en:
                "Course \(course) \(title) needs attention: the meeting exists, but not everything went through (\(en)). The last error message is: \(lastError)"
        )
    }

    /// The guide's remedy for re-booking after a cancellation ("Probleme beheben").
    public static func zoomImportSteps(file: String) -> LocalizedText {
        LocalizedText(
            de:
                "Zoom nimmt diese Teilnehmer über die Schnittstelle nicht (wieder) an. Die Datei \(file) enthält ihre Daten (E-Mail-Adresse, Vorname, Nachname). Melden Sie sich in Ihrem Zoom-Zugang an, navigieren Sie in die Registerkarte Meetings, öffnen Sie das Meeting und klicken Sie bei der Registrierung auf Aus CSV-Datei importieren, um die betreffenden Teilnehmer manuell zu übertragen. Starten Sie danach die Synchronisation erneut.",
            en:
                "Zoom does not take these participants (back) through the API. The file \(file) holds their data (e-mail address, first name, last name). Sign in to Zoom, go to the Meetings tab, open the meeting and under registration click Import from CSV to add them by hand. Then run the synchronisation again."
        )
    }

    public static func status(_ status: ReportAction.Status) -> LocalizedText {
        switch status {
        case .planned: return LocalizedText(de: "geplant", en: "planned")
        case .applied: return LocalizedText(de: "erledigt", en: "done")
        case .failed: return LocalizedText(de: "fehlgeschlagen", en: "failed")
        case .deferred: return LocalizedText(de: "zurückgestellt", en: "deferred")
        case .skipped: return LocalizedText(de: "übersprungen", en: "skipped")
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
        case .adoptMeeting:
            return t(
                "Vorhandenes Meeting übernehmen", "Vorhandenes Meeting übernommen",
                "Adopt existing meeting", "Existing meeting adopted")
        case .updateMeeting: return t("Meeting ändern", "Meeting geändert", "Update meeting", "Meeting updated")
        case .moveOccurrence: return t("Termin verschieben", "Termin verschoben", "Move occurrence", "Occurrence moved")
        case .deleteOccurrence: return t("Termin löschen", "Termin gelöscht", "Delete occurrence", "Occurrence deleted")
        case .deleteMeeting: return t("Meeting löschen", "Meeting gelöscht", "Delete meeting", "Meeting deleted")
        case .addRegistrant:
            return t("Teilnehmer anmelden", "Teilnehmer angemeldet", "Register participant", "Participant registered")
        case .approveRegistrant:
            return t(
                "Teilnehmer wieder zulassen", "Teilnehmer wieder zugelassen",
                "Re-approve participant", "Participant re-approved")
        case .approveAdded:
            return t(
                "Angemeldete Teilnehmer freigeben", "Angemeldete Teilnehmer freigegeben",
                "Approve registered participants", "Registered participants approved")
        case .cancelRegistrant:
            return t("Teilnehmer abmelden", "Teilnehmer abgemeldet", "Cancel registrant", "Registrant cancelled")
        case .refreshRegistrants:
            return t(
                "Persönliche Beitrittslinks lesen", "Persönliche Beitrittslinks gelesen",
                "Read personal join links", "Personal join links read")
        case .forgetMeeting:
            return t(
                "In Zoom gelöschtes Meeting vergessen (wird neu angelegt)",
                "In Zoom gelöschtes Meeting vergessen (wird neu angelegt)",
                "Forget meeting deleted in Zoom (it is created anew)",
                "Meeting deleted in Zoom forgotten (it is created anew)")
        case .closeCourse:
            return t(
                "Kurs abschließen (keine Änderungen mehr)", "Kurs abgeschlossen (keine Änderungen mehr)",
                "Close course (no more changes)", "Course closed (no more changes)")
        case .handToImport:
            return t(
                "Für den Zoom-Import vorsehen", "In die Zoom-Importdatei geschrieben",
                "Hand to the Zoom import", "Written to the Zoom import file")
        case .other: return t("Weitere Arbeit", "Weitere Arbeit", "Further work", "Further work")
        }
    }
}
