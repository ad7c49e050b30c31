import Foundation

extension ZoomError {
    /// `limitType` of the `.dailyLimit` the client raises itself when a host's 100 daily
    /// creates + updates are used (no call was made).
    public static let clientHostDailyLimitType = "per-host create/update (counted by semco-zoom)"

    /// What happened and what to do, for the admin (German and English). Never holds a secret.
    public var text: LocalizedText {
        switch self {
        case .api(let status, let code, let message, let fieldErrors):
            let fields = fieldErrors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
            let detail =
                "HTTP \(status)" + (code.map { ", Zoom-Code \($0)" } ?? "") + ": \(message)"
                + (fields.isEmpty ? "" : " (\(fields))")
            switch code {
            case 1001:
                return LocalizedText(
                    de:
                        "Der Zoom-Benutzer existiert nicht (\(detail)). Den Trainer im Zoom-Konto anlegen oder die E-Mail in SEMCO korrigieren.",
                    en:
                        "The Zoom user does not exist (\(detail)). Add the trainer to the Zoom account or fix the e-mail in SEMCO."
                )
            case 3161:
                return LocalizedText(
                    de:
                        "Der Zoom-Benutzer darf keine Meetings planen (\(detail)). Dem Trainer in Zoom eine Lizenz zuweisen.",
                    en: "The Zoom user may not schedule meetings (\(detail)). Assign the trainer a licence in Zoom.")
            case 3001:
                return LocalizedText(
                    de: "Das Meeting gibt es in Zoom nicht (mehr) (\(detail)).",
                    en: "The meeting does not exist in Zoom (any more) (\(detail)).")
            case 3043:
                return LocalizedText(
                    de: "Das Meeting hat die Höchstzahl an Registrierungen erreicht (\(detail)).",
                    en: "The meeting has reached its registrant capacity (\(detail)).")
            default:
                return LocalizedText(
                    de: "Zoom hat die Anfrage abgelehnt (\(detail)).", en: "Zoom refused the request (\(detail)).")
            }
        case .authenticationFailed(let status, let reason):
            return LocalizedText(
                de:
                    "Zoom hat die Anmeldung abgelehnt (HTTP \(status)): ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID und das Client-Secret der Server-to-Server-OAuth-App prüfen. (\(reason))",
                en:
                    "Zoom refused the sign-in (HTTP \(status)): check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and the client secret of the Server-to-Server OAuth app. (\(reason))"
            )
        case .missingScope(let code, let message):
            return LocalizedText(
                de:
                    "Der Zoom-App fehlt eine Berechtigung (Zoom-Code \(code): \(message)). In der App die Scopes meeting:read:admin, meeting:write:admin und user:read:admin hinzufügen.",
                en:
                    "The Zoom app lacks a scope (Zoom code \(code): \(message)). Add the scopes meeting:read:admin, meeting:write:admin and user:read:admin to the app."
            )
        case .dailyLimit(let until, let category, let limitType):
            let time = until.map { ZoomJSON.formatUTC($0) } ?? "?"
            let what = [category, limitType].compactMap { $0 }.joined(separator: ", ")
            return LocalizedText(
                de: "Zoom-Tageslimit erreicht (\(what)) bis \(time); der Rest wird beim nächsten Lauf nachgeholt.",
                en: "Zoom daily limit reached (\(what)) until \(time); the rest is done in a later run.")
        case .outcomeUnknown(let method, let path, let reason):
            return LocalizedText(
                de:
                    "Keine Antwort von Zoom auf \(method) \(path) (\(reason)): ob es angelegt wurde, ist unklar. Der nächste Lauf sucht es anhand der Kennung in der Beschreibung, statt es doppelt anzulegen.",
                en:
                    "No answer from Zoom to \(method) \(path) (\(reason)): whether it was created is unknown. The next run looks for it by the marker in its agenda instead of creating it twice."
            )
        case .unavailable(let method, let path, let attempts, let reason):
            return LocalizedText(
                de:
                    "Zoom war nicht erreichbar (\(method) \(path), \(attempts) Versuche, zuletzt: \(reason)). Später erneut versuchen.",
                en:
                    "Zoom could not be reached (\(method) \(path), \(attempts) attempts, last: \(reason)). Try again later."
            )
        case .invalidResponse(let method, let path, let reason):
            return LocalizedText(
                de: "Unverständliche Antwort von Zoom auf \(method) \(path): \(reason).",
                en: "Zoom's answer to \(method) \(path) could not be understood: \(reason).")
        case .notConfigured(let message):
            return LocalizedText(de: message, en: message)
        }
    }
}
