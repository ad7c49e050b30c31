import Foundation
import Yams

/// A config file that cannot be used; names the file and the key.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    public var key: String?
    public var message: LocalizedText

    public var description: String { message.de }
}

public enum ConfigurationLoader {
    /// The config file names looked for in the working directory, in this order.
    public static let defaultFileNames = ["semco-zoom.yaml", "semco-zoom.yml", "semco-zoom.json"]

    /// Loads the config file (YAML or JSON; `path` nil → `SEMCO_ZOOM_CONFIG`, else
    /// `semco-zoom.yaml`/`.yml`/`.json` in `workingDirectory` if present), then applies the
    /// environment (ZOOM_* variables). Command options are applied by the caller.
    /// Relative paths in the file (`paths.*`, `zoom.client_secret_file`) are taken relative
    /// to the file's folder.
    public static func load(path: String?, environment: [String: String], workingDirectory: URL) throws -> Configuration
    {
        var configuration = Configuration()
        if let file = try configFile(path: path, environment: environment, workingDirectory: workingDirectory) {
            let text: String
            do {
                let data = try Data(contentsOf: file)
                guard let decoded = String(data: data, encoding: .utf8) else {
                    throw ConfigurationError(
                        file: file.path, key: nil,
                        message: LocalizedText(
                            de: "\(file.path): Die Konfigurationsdatei ist nicht UTF-8-kodiert.",
                            en: "\(file.path): The config file is not UTF-8."))
                }
                text = decoded
            } catch let error as ConfigurationError { throw error } catch {
                throw ConfigurationError(
                    file: file.path, key: nil,
                    message: LocalizedText(
                        de:
                            "\(file.path): Die Konfigurationsdatei kann nicht gelesen werden (\(error.localizedDescription)).",
                        en: "\(file.path): The config file cannot be read (\(error.localizedDescription))."))
            }
            configuration = try parse(text, file: file.path, baseDirectory: file.deletingLastPathComponent())
        }
        let overrides: [(String, WritableKeyPath<Configuration, String?>)] = [
            ("ZOOM_ACCOUNT_ID", \.zoom.accountID), ("ZOOM_CLIENT_ID", \.zoom.clientID),
        ]
        for (name, keyPath) in overrides {
            if let value = environment[name], !value.isEmpty { configuration[keyPath: keyPath] = value }
        }
        if let value = environment["ZOOM_API_URL"], !value.isEmpty { configuration.zoom.apiURL = value }
        if let value = environment["ZOOM_OAUTH_URL"], !value.isEmpty { configuration.zoom.oauthURL = value }
        return configuration
    }

    static func configFile(path: String?, environment: [String: String], workingDirectory: URL) throws -> URL? {
        let explicit = path ?? environment["SEMCO_ZOOM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        if let explicit {
            let url =
                explicit.hasPrefix("/")
                ? URL(fileURLWithPath: explicit) : workingDirectory.appendingPathComponent(explicit)
            guard FileManager.default.fileExists(atPath: url.path) else {
                let via = path == nil ? " (SEMCO_ZOOM_CONFIG)" : ""
                throw ConfigurationError(
                    file: url.path, key: nil,
                    message: LocalizedText(
                        de: "\(url.path): Die Konfigurationsdatei\(via) existiert nicht.",
                        en: "\(url.path): The config file\(via) does not exist."))
            }
            return url
        }
        for name in defaultFileNames {
            let url = workingDirectory.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// Parses a config document (YAML, or JSON which YAML reads too). Unknown keys and bad
    /// values are errors naming the key; a `client_secret` key is refused.
    public static func parse(_ text: String, file: String, baseDirectory: URL? = nil) throws -> Configuration {
        let document: Any?
        do { document = try Yams.load(yaml: text) } catch {
            throw ConfigurationError(
                file: file, key: nil,
                message: LocalizedText(
                    de: "\(file): Die Konfiguration ist kein gültiges YAML/JSON (\(error)).",
                    en: "\(file): The configuration is not valid YAML/JSON (\(error))."))
        }
        var configuration = Configuration()
        guard let document, !(document is NSNull) else { return configuration }
        let reader = KeyReader(file: file, baseDirectory: baseDirectory)
        let root = try reader.mapping(document, key: nil)
        // `zoom.kind` is the key; the top-level `kind` of earlier versions still works (warned),
        // and `zoom.kind` wins when a file has both.
        var zoomKind: Configuration.ZoomKind?
        var legacyKind: Configuration.ZoomKind?
        for (key, value) in root {
            switch key {
            case "zoom_room":
                if let list = value as? [Any] {
                    guard !list.isEmpty else {
                        throw reader.bad(key, value, de: "eine leere Liste", en: "an empty list")
                    }
                    configuration.zoomRooms = try list.map { try reader.string($0, key) }
                } else {
                    configuration.zoomRooms = [try reader.string(value, key)]
                }
            case "time_zone":
                let zone = try reader.string(value, key)
                guard TimeZone(identifier: zone) != nil else {
                    throw reader.bad(
                        key, value, de: "keine IANA-Zeitzone (z. B. Europe/Berlin)",
                        en: "not an IANA time zone (e.g. Europe/Berlin)")
                }
                configuration.timeZone = zone
            case "licence", "license": configuration.licence = try reader.choice(value, key)
            case "auto_sync": configuration.autoSync = try reader.bool(value, key)
            case "registering_statuses":
                guard let list = value as? [Any] else {
                    throw reader.bad(
                        key, value, de: "keine Liste von Buchungsstatus", en: "not a list of booking statuses")
                }
                configuration.registeringStatuses = try list.map { item in
                    guard let text = item as? String, let status = FieldValues.bookingStatus(text) else {
                        throw reader.bad(
                            key, item,
                            de: "kein Buchungsstatus (Anfrage, Bestätigte Buchung, Laufender Kurs, Beendet, Storniert)",
                            en:
                                "not a booking status (\"Anfrage\", \"Bestätigte Buchung\", \"Laufender Kurs\", \"Beendet\", \"Storniert\")"
                        )
                    }
                    return status
                }
            case "drift": configuration.drift = try reader.choice(value, key)
            case "notify_registrants": configuration.notifyRegistrants = try reader.bool(value, key)
            case "mass_cancel":
                for (sub, subValue) in try reader.mapping(value, key: key) {
                    let path = "mass_cancel.\(sub)"
                    switch sub {
                    case "course_minimum": configuration.massCancel.courseMinimum = try reader.int(subValue, path)
                    case "course_percent": configuration.massCancel.coursePercent = try reader.percent(subValue, path)
                    case "run_maximum": configuration.massCancel.runMaximum = try reader.int(subValue, path)
                    default: throw reader.unknown(path)
                    }
                }
            case "column_aliases":
                var aliases: [String: String] = [:]
                for (alias, target) in try reader.mapping(value, key: key) {
                    aliases[alias] = try reader.string(target, "column_aliases.\(alias)")
                }
                configuration.columnAliases = aliases
            case "kind": legacyKind = try reader.choice(value, key)
            case "alternative_hosts": configuration.alternativeHosts = try reader.choice(value, key)
            case "rate_plan": configuration.ratePlan = try reader.choice(value, key)
            case "zoom_import_header": configuration.zoomImportHeader = try reader.bool(value, key)
            case "language": configuration.language = try reader.choice(value, key)
            case "paths":
                for (sub, subValue) in try reader.mapping(value, key: key) {
                    let path = "paths.\(sub)"
                    switch sub {
                    case "drop": configuration.paths.drop = try reader.path(subValue, path)
                    case "state": configuration.paths.state = try reader.path(subValue, path)
                    case "out": configuration.paths.out = try reader.path(subValue, path)
                    case "metrics_file": configuration.paths.metricsFile = try reader.path(subValue, path)
                    default: throw reader.unknown(path)
                    }
                }
            case "zoom":
                for (sub, subValue) in try reader.mapping(value, key: key) {
                    let path = "zoom.\(sub)"
                    switch sub {
                    case "api_url": configuration.zoom.apiURL = try reader.url(subValue, path)
                    case "oauth_url": configuration.zoom.oauthURL = try reader.url(subValue, path)
                    case "account_id": configuration.zoom.accountID = try reader.string(subValue, path)
                    case "client_id": configuration.zoom.clientID = try reader.string(subValue, path)
                    case "client_secret_file": configuration.zoom.clientSecretFile = try reader.path(subValue, path)
                    case "kind": zoomKind = try reader.choice(subValue, path)
                    case "client_secret": throw reader.secretRefused(path)
                    default: throw reader.unknown(path)
                    }
                }
            case "retention":
                for (sub, subValue) in try reader.mapping(value, key: key) {
                    let path = "retention.\(sub)"
                    switch sub {
                    case "runs_days": configuration.retention.runsDays = try reader.days(subValue, path)
                    case "archive_days": configuration.retention.archiveDays = try reader.days(subValue, path)
                    case "rejected_days": configuration.retention.rejectedDays = try reader.days(subValue, path)
                    case "state_days": configuration.retention.stateDays = try reader.days(subValue, path)
                    default: throw reader.unknown(path)
                    }
                }
            case "client_secret": throw reader.secretRefused(key)
            default: throw reader.unknown(key)
            }
        }
        if let legacyKind {
            configuration.notices.append(
                Self.deprecatedKind(file: file, value: legacyKind, overridden: zoomKind != nil))
        }
        if let kind = zoomKind ?? legacyKind { configuration.kind = kind }
        return configuration
    }

    /// The warning for a top-level `kind` (renamed `zoom.kind`).
    static func deprecatedKind(file: String, value: Configuration.ZoomKind, overridden: Bool) -> Diagnostic {
        Diagnostic(
            code: "config.deprecated-key", severity: .warning,
            message: overridden
                ? LocalizedText(
                    de: "\(file): Der Schlüssel „kind“ ist veraltet und wird ignoriert, weil „zoom.kind“ gesetzt ist.",
                    en: "\(file): The key \"kind\" is deprecated and ignored because \"zoom.kind\" is set.")
                : LocalizedText(
                    de: "\(file): Der Schlüssel „kind“ ist veraltet; er gilt noch (\(value.rawValue)).",
                    en: "\(file): The key \"kind\" is deprecated; it still applies (\(value.rawValue))."),
            hint: LocalizedText(
                de:
                    "In der Konfiguration „kind: \(value.rawValue)“ durch „zoom:“ mit „kind: \(value.rawValue)“ darunter ersetzen.",
                en:
                    "In the configuration replace \"kind: \(value.rawValue)\" by \"zoom:\" with \"kind: \(value.rawValue)\" under it."
            ))
    }
}

/// Typed reading of config values; every error names the file and the key.
fileprivate struct KeyReader {
    let file: String
    let baseDirectory: URL?

    func error(_ key: String?, de: String, en: String) -> ConfigurationError {
        let at = key.map { " \($0):" } ?? ""
        return ConfigurationError(
            file: file, key: key, message: LocalizedText(de: "\(file):\(at) \(de)", en: "\(file):\(at) \(en)"))
    }

    func shown(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let text = value as? String { return "„\(text)“" }
        return "\(value)"
    }

    func bad(_ key: String, _ value: Any, de: String, en: String) -> ConfigurationError {
        error(
            key, de: "Der Wert \(shown(value)) ist \(de).",
            en:
                "The value \(shown(value).replacingOccurrences(of: "„", with: "\"").replacingOccurrences(of: "“", with: "\"")) is \(en)."
        )
    }

    func unknown(_ key: String) -> ConfigurationError {
        error(
            key, de: "Unbekannter Schlüssel. Erlaubte Schlüssel stehen in docs/configuration.md.",
            en: "Unknown key. The allowed keys are listed in docs/configuration.md.")
    }

    func secretRefused(_ key: String) -> ConfigurationError {
        error(
            key,
            de:
                "Das Client-Secret gehört nicht in die Konfigurationsdatei. Setzen Sie die Umgebungsvariable ZOOM_CLIENT_SECRET oder verweisen Sie mit zoom.client_secret_file auf eine nur für Sie lesbare Datei.",
            en:
                "The client secret does not belong in the config file. Set the environment variable ZOOM_CLIENT_SECRET, or point zoom.client_secret_file at a file only you can read."
        )
    }

    func mapping(_ value: Any, key: String?) throws -> [(String, Any)] {
        if value is NSNull { return [] }
        guard let dictionary = value as? [AnyHashable: Any] else {
            throw error(
                key, de: "Erwartet wird eine Zuordnung (Schlüssel: Wert).", en: "A mapping (key: value) is expected.")
        }
        return try dictionary.map { entry in
            guard let name = entry.key.base as? String else {
                let path = key.map { "\($0).\(entry.key)" } ?? "\(entry.key)"
                throw self.error(path, de: "Schlüssel müssen Text sein.", en: "Keys must be text.")
            }
            return (name, entry.value)
        }.sorted { $0.0 < $1.0 }
    }

    func string(_ value: Any, _ key: String) throws -> String {
        if let text = value as? String, !text.trimmingCharacters(in: .whitespaces).isEmpty { return text }
        if let number = value as? Int { return String(number) }
        throw bad(key, value, de: "kein Text", en: "not text")
    }

    func bool(_ value: Any, _ key: String) throws -> Bool {
        if let flag = value as? Bool { return flag }
        if let text = value as? String, let flag = FieldValues.bool(text), !text.isEmpty { return flag }
        throw bad(key, value, de: "kein Wahrheitswert (true/false)", en: "not a boolean (true/false)")
    }

    func int(_ value: Any, _ key: String) throws -> Int {
        if let number = value as? Int, !(value is Bool), number >= 0 { return number }
        throw bad(key, value, de: "keine ganze Zahl ≥ 0", en: "not a whole number ≥ 0")
    }

    /// A retention period: whole days ≥ 1, or `0` / `forever` (nil: kept for good).
    func days(_ value: Any, _ key: String) throws -> Int? {
        if let number = value as? Int, !(value is Bool), number >= 0, number <= 36_500 {
            return number == 0 ? nil : number
        }
        if let text = value as? String, text.trimmingCharacters(in: .whitespaces).lowercased() == "forever" {
            return nil
        }
        throw bad(
            key, value,
            de: "keine Anzahl Tage (1 bis 36500; 0 oder forever: nie löschen)",
            en: "not a number of days (1 to 36500; 0 or forever: never delete)")
    }

    func percent(_ value: Any, _ key: String) throws -> Double {
        var number: Double?
        if let n = value as? Int, !(value is Bool) {
            number = Double(n)
        } else if let d = value as? Double {
            number = d
        } else if let text = value as? String {
            number = FieldValues.decimal(text.replacingOccurrences(of: "%", with: ""))
        }
        guard let number, (0...100).contains(number) else {
            throw bad(key, value, de: "kein Prozentwert zwischen 0 und 100", en: "not a percentage between 0 and 100")
        }
        return number
    }

    func choice<T: RawRepresentable & CaseIterableByName>(_ value: Any, _ key: String) throws -> T
    where T.RawValue == String {
        if let text = value as? String, let match = T(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
        {
            return match
        }
        let allowed = T.allNames.joined(separator: ", ")
        throw bad(key, value, de: "nicht erlaubt (erlaubt: \(allowed))", en: "not allowed (allowed: \(allowed))")
    }

    func path(_ value: Any, _ key: String) throws -> String {
        let text = try string(value, key)
        if text.hasPrefix("/") || baseDirectory == nil { return text }
        if text.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            return home + text.dropFirst(1)
        }
        return baseDirectory!.appendingPathComponent(text).standardizedFileURL.path
    }

    func url(_ value: Any, _ key: String) throws -> String {
        let text = try string(value, key)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host != nil
        else {
            throw bad(key, value, de: "keine http(s)-URL", en: "not an http(s) URL")
        }
        return text
    }
}

/// Enums a config value picks from, with the names shown in errors.
protocol CaseIterableByName { static var allNames: [String] { get } }
extension Configuration.Licence: CaseIterableByName { static var allNames: [String] { allCases.map(\.rawValue) } }
extension Configuration.RatePlan: CaseIterableByName { static var allNames: [String] { allCases.map(\.rawValue) } }
extension Configuration.DriftPolicy: CaseIterableByName { static var allNames: [String] { ["semco", "report"] } }
extension Configuration.ZoomKind: CaseIterableByName { static var allNames: [String] { ["meeting", "webinar"] } }
extension Language: CaseIterableByName { static var allNames: [String] { allCases.map(\.rawValue) } }
