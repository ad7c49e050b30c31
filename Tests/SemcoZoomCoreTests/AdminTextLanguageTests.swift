import Foundation
import SemcoZoomTestSupport
import Testing

/// One language at a time, for every text in the sources (README.md, "What a run prints"): each
/// German text holds none of `LanguageCheck.englishWords`, each English text none of
/// `LanguageCheck.germanWords`, and no count stands before a plural noun without going
/// through `RunTexts.count` ("1 Warnungen"). The texts are found by `AdminTextScanner`: every
/// literal given to a language label (`de:`, `en:`, `hintDE:`, …) or to a helper with
/// language-named parameters — diagnostics, fatal errors, hints, reasons, report and status words,
/// `doctor`'s lines. `RunTextsTests` renders the catalogues with sample values on top.
@Suite struct AdminTextLanguageTests {
    static let folders = ["Sources/SemcoZoomCore", "Sources/semco-zoom"]

    static func problems(_ texts: [AdminTextScanner.Text]) -> [String] {
        var found: [String] = []
        for text in texts {
            let foreign = text.language == "de" ? LanguageCheck.englishWords : LanguageCheck.germanWords
            let words = Set(LanguageCheck.prose(text.text).split { !$0.isLetter && $0 != "-" }.map { $0.lowercased() })
            for word in foreign where words.contains(word.lowercased()) {
                found.append("„\(word)“ in \(text)")
            }
            // A number in front of a plural noun: through RunTexts.count, or it reads "1 Warnungen".
            for plural in LanguageCheck.plurals {
                let pattern = "⟨([^⟩]*)⟩ \(plural)\\b"
                guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
                let range = NSRange(text.text.startIndex..., in: text.text)
                for match in regex.matches(in: text.text, range: range) {
                    let expression = String(text.text[Range(match.range(at: 1), in: text.text)!])
                    found.append("uninflected „⟨\(expression)⟩ \(plural)“ in \(text)")
                }
                if text.text.contains(" 1 \(plural)") || text.text.hasPrefix("1 \(plural)") {
                    found.append("„1 \(plural)“ in \(text)")
                }
            }
        }
        return found
    }

    @Test("the scanner finds the texts: labelled, positional, in every stage")
    func scannerFindsTexts() throws {
        let texts = try AdminTextScanner.texts(root: RepositoryFiles.root, folders: Self.folders)
        let files = Set(texts.map(\.file))
        // Diagnostics of the input and the plan, Zoom's errors, fatal errors, the run's words, doctor.
        for file in [
            "Sources/SemcoZoomCore/Validation/DiagnosticCatalog.swift",
            "Sources/SemcoZoomCore/Plan/PlanCatalogue.swift",
            "Sources/SemcoZoomCore/Zoom/ZoomErrorText.swift", "Sources/SemcoZoomCore/State/StateStore.swift",
            "Sources/SemcoZoomCore/Config/ConfigurationLoader.swift", "Sources/SemcoZoomCore/Output/RunTexts.swift",
            "Sources/SemcoZoomCore/Output/OutputTexts.swift", "Sources/SemcoZoomCore/Run/SyncRun.swift",
            "Sources/semco-zoom/Commands/DoctorCommand.swift",
        ] {
            #expect(files.contains(file), "no texts found in \(file)")
        }
        #expect(texts.contains { $0.language == "de" && $0.text.hasPrefix("Sicherung gegen Massenstornierung") })
        #expect(texts.contains { $0.language == "en" && $0.text.hasPrefix("Mass-cancel guard") })
        #expect(texts.contains { $0.language == "de" && $0.text == "Warnung" })
        #expect(texts.contains { $0.language == "en" && $0.text == "Needs attention:" })
        #expect(texts.contains { $0.language == "de" && $0.text == "Meeting angelegt" })
        #expect(texts.contains { $0.language == "en" && $0.text == "Occurrence moved" })
        #expect(texts.count > 500, "\(texts.count)")
    }

    @Test("every text in the sources is in one language, and counts are inflected")
    func everyTextIsOneLanguage() throws {
        let texts = try AdminTextScanner.texts(root: RepositoryFiles.root, folders: Self.folders)
        let problems = Self.problems(texts)
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.joined(separator: "\n"))")
    }

    @Test("the check finds what it looks for")
    func checkFindsMixedTexts() {
        let source = """
            let a = LocalizedText(de: "2 Kurse gelesen", en: "2 Kurse read")
            let b = pick("Kurs \\(n) hat \\(errors) Warnungen", "course \\(n) has \\(count(errors, .warning))")
            func pick(_ german: String, _ english: String) -> String { german }
            """
        let helpers = AdminTextScanner.helpers([source])
        let texts = AdminTextScanner.texts(in: source, file: "x.swift", helpers: helpers)
        #expect(texts.map(\.language) == ["de", "en", "de", "en"], "\(texts)")
        let problems = Self.problems(texts)
        #expect(problems.contains { $0.hasPrefix("„Kurse“ in x.swift:1 [en]") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("uninflected „⟨errors⟩ Warnungen“") }, "\(problems)")
        #expect(problems.count == 2, "\(problems)")
    }
}
