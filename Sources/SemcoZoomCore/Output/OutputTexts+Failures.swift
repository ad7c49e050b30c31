import Foundation

extension OutputTexts {
    /// What to do about one change Zoom did not take ("Was ist zu tun"), by what was attempted and
    /// Zoom's answer: every failure has its own hint, whether or not an import file was written.
    /// `httpStatus` nil: Zoom gave no answer (unreachable, timeout, an answer that made no sense).
    public static func failureHint(_ kind: ReportAction.Kind, zoomCode: Int?, httpStatus: Int?) -> LocalizedText {
        let person = [.addRegistrant, .approveRegistrant, .cancelRegistrant, .handToImport].contains(kind)
        guard let httpStatus else {
            return LocalizedText(
                de:
                    "Nichts von Hand zu tun: der nächste Lauf versucht es erneut. Wiederholt es sich, die Verbindung zu Zoom prüfen (api-calls.jsonl im Ausgabeordner zeigt die Aufrufe).",
                en:
                    "Nothing to do by hand: the next run tries again. Should it repeat, check the connection to Zoom (api-calls.jsonl in the output folder lists the calls)."
            )
        }
        if httpStatus == 401 || zoomCode == 124 {
            return LocalizedText(
                de:
                    "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID und das Client-Secret der Server-to-Server-OAuth-App prüfen; danach erneut synchronisieren.",
                en:
                    "Check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and the client secret of the Server-to-Server OAuth app; then run the synchronisation again."
            )
        }
        if httpStatus == 429 {
            return LocalizedText(
                de: "Nichts von Hand zu tun: Zooms Tageslimit ist erreicht, der nächste Lauf holt es nach.",
                en: "Nothing to do by hand: Zoom's daily limit is reached; the next run catches up.")
        }
        if httpStatus >= 500 {
            return LocalizedText(
                de: "Nichts von Hand zu tun: Zoom hatte eine Störung, der nächste Lauf versucht es erneut.",
                en: "Nothing to do by hand: Zoom had a fault; the next run tries again.")
        }
        switch zoomCode {
        case 300 where person:
            return LocalizedText(
                de:
                    "Die E-Mail-Adresse und den Namen der Buchung in SEMCO prüfen und korrigieren; der nächste Lauf meldet die Person an.",
                en:
                    "Check and correct the e-mail address and name of the booking in SEMCO; the next run registers the person."
            )
        case 1001:
            return LocalizedText(
                de:
                    "Den Trainer im Zoom-Konto anlegen oder seine E-Mail-Adresse in SEMCO korrigieren; danach erneut synchronisieren.",
                en:
                    "Add the trainer to the Zoom account or correct their e-mail address in SEMCO; then synchronise again."
            )
        case 3161:
            return LocalizedText(
                de: "Dem Trainer in Zoom eine Lizenz zuweisen; danach erneut synchronisieren.",
                en: "Assign the trainer a licence in Zoom; then synchronise again.")
        case 3001:
            return LocalizedText(
                de:
                    "Das Meeting gibt es in Zoom nicht mehr. Der nächste Lauf, der es weiter nicht findet, legt es neu an (sofort: mit --recreate-deleted).",
                en:
                    "The meeting no longer exists in Zoom. The next run that still does not find it creates it anew (at once: with --recreate-deleted)."
            )
        case 3027:
            return LocalizedText(
                de:
                    "Der Moderator kann sich nicht selbst anmelden: die Buchung in SEMCO prüfen (die Moderatorin oder der Moderator braucht keine Buchung).",
                en:
                    "The host cannot register for their own meeting: check the booking in SEMCO (the host needs no booking)."
            )
        case 3038:
            return LocalizedText(
                de: "Nichts mehr zu tun: der Kurs ist in Zoom vorbei, eine Anmeldung ist nicht mehr möglich.",
                en: "Nothing left to do: the course is over in Zoom; nobody can register any more.")
        case 3043:
            return LocalizedText(
                de:
                    "Das Meeting ist voll: in Zoom die Teilnehmergrenze (Lizenz) erhöhen oder in SEMCO die Buchungen prüfen; danach erneut synchronisieren.",
                en:
                    "The meeting is full: raise the participant limit (licence) in Zoom or check the bookings in SEMCO; then synchronise again."
            )
        default:
            if person {
                return LocalizedText(
                    de:
                        "Zooms Meldung nennt den Grund: die Buchung in SEMCO prüfen, oder die Person von Hand im Meeting registrieren; danach erneut synchronisieren.",
                    en:
                        "Zoom's message gives the reason: check the booking in SEMCO, or register the person in the meeting by hand; then synchronise again."
                )
            }
            return LocalizedText(
                de:
                    "Zooms Meldung nennt den Grund: die Kursdaten in SEMCO korrigieren; der nächste Lauf versucht es erneut.",
                en: "Zoom's message gives the reason: correct the course data in SEMCO; the next run tries again.")
        }
    }
}

extension ReportAction {
    /// A person Zoom refused for a reason the portal's CSV import gets round (as
    /// `ZoomErrorReport.importMayHelp`): the course's Zoom import file is the remedy.
    var importMayHelp: Bool {
        guard kind == .addRegistrant || kind == .approveRegistrant, let code = zoomCode, let httpStatus else {
            return false
        }
        return (400..<500).contains(httpStatus) && ![401, 429].contains(httpStatus)
            && !ZoomErrorReport.importDoesNotHelp.contains(code)
    }
}
