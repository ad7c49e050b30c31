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
    static func t(_ de: String, _ en: String) -> LocalizedText { LocalizedText(de: de, en: en) }

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
