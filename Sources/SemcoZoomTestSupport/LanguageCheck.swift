import Foundation

/// One language at a time (README.md, "What a run prints"): the words that give the other
/// language away, the plural nouns that must not follow a 1, and the check of printed lines that
/// `RunTextsTests`, `AdminTextLanguageTests` and the CLI tests share.
public enum LanguageCheck {
    /// Words that give German away in English text (whole words, case-insensitive).
    public static let germanWords = [
        "Kurs", "Kurse", "Fehler", "Warnung", "Warnungen", "angewendet", "fehlgeschlagen", "zurückgestellt",
        "Buchung", "Buchungen", "Bericht", "Sperre", "Statusdatei", "Änderung", "Änderungen", "gelesen", "und",
        "weitere", "angelegt", "geändert", "gelöscht", "angemeldet", "abgemeldet", "geplant", "Sollzustand",
        "Einzeltermine", "Trainerzuordnungen", "ebenso", "Braucht", "Aufmerksamkeit", "von", "FEHLER",
        "ZURÜCKGESTELLT", "FEHLGESCHLAGEN", "Eingabe", "angenommen", "Teilnehmer", "Kurstermine", "nicht", "der",
        "die", "das", "ist", "wird", "Spitze",
    ]
    /// Words that give English away in German text.
    public static let englishWords = [
        "course", "courses", "error", "errors", "warning", "warnings", "applied", "failed", "deferred",
        "booking", "bookings", "report", "lock", "state", "change", "changes", "read", "observed", "desired",
        "and", "more", "created", "deleted", "registered", "cancelled", "planned", "sessions",
        "also", "attention", "needs", "of", "participant", "participants", "accepted", "input", "ERROR",
        "FAILED", "DEFERRED", "people", "writes", "the", "is", "not", "peak", "lineage", "serial",
    ]
    /// Plural nouns that must not follow a 1.
    public static let plurals = [
        "Kurse", "Buchungen", "Warnungen", "Änderungen", "Meetings", "Einzeltermine", "Trainerzuordnungen",
        "Personen", "Schreibzugriffe", "courses", "bookings", "warnings", "errors", "changes", "meetings", "sessions",
        "assignments", "people", "participants", "writes",
    ]
    /// The course numbers of samples/drop and of the tests' sample values.
    public static let courseNumbers = [
        "10050", "10051", "10052", "10053", "10054", "10055", "10056", "10057", "10058", "10059", "10060", "10061",
        "10062", "10063", "10064", "10065", "10066", "10067", "10068", "10069", "10070",
    ]

    /// The words of a line that are prose: without diagnostic codes ("[booking.email-umlaut]"),
    /// Zoom's meeting markers ("[SEMCO 10062]"), paths, options and quoted names (SEMCO's and
    /// Zoom's own words stay as they are in either language).
    public static func prose(_ line: String) -> String {
        var prose = line
        for pattern in [
            "⟨[^⟩]*⟩", "„[^“]*“", "“[^”]*”", "\"[^\"]*\"", "«[^»]*»", "\\[[a-z0-9._-]+\\]", "\\[SEMCO [0-9]+\\]",
            "[A-Za-z0-9_.~-]*/[^ ]*", "--[a-z-]+", "[a-z_]+(:[a-z_]+)+",
        ] {
            prose = prose.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return prose
    }

    /// What is wrong with printed lines in `language` ("de"/"en"): the other language's words, a
    /// course number twice in a line, a 1 before a plural noun.
    public static func problems(_ lines: [String], language: String) -> [String] {
        let foreign = language == "de" ? englishWords : germanWords
        var found: [String] = []
        for line in lines {
            let prose = prose(line)
            let words = Set(prose.split { !$0.isLetter && $0 != "-" }.map { $0.lowercased() })
            for word in foreign where words.contains(word.lowercased()) {
                found.append("\(language) „\(word)“: \(line)")
            }
            for number in courseNumbers where prose.components(separatedBy: number).count > 2 {
                found.append("doubled \(number): \(line)")
            }
            for plural in plurals
            where line.contains(" 1 \(plural)") || line.hasPrefix("1 \(plural)") || line.contains("(1 \(plural)") {
                found.append("1 \(plural): \(line)")
            }
        }
        return found
    }
}
