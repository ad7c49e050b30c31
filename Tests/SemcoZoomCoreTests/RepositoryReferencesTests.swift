import Foundation
import SemcoZoomTestSupport
import Testing

/// The repository stands on its own: what README.md, docs/, Sources/ and Tests/ cite is a
/// file in the repository, never a folder beside the clone.
@Suite struct RepositoryReferencesTests {
    /// Text files of README.md, docs/, Sources/ and Tests/ (Zoom's documents excepted: they are
    /// Zoom's words), as path relative to the root → contents.
    static func texts() throws -> [(path: String, text: String)] {
        let root = RepositoryFiles.root
        var result = [(path: String, text: String)]()
        result.append(("README.md", try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)))
        for folder in ["docs", "Sources", "Tests"] {
            let base = root.appendingPathComponent(folder)
            let walker = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil))
            for case let url as URL in walker
            where ["md", "swift", "json", "h", "modulemap"].contains(url.pathExtension) {
                let path = folder + "/" + url.path.dropFirst(base.path.count + 1)
                if path.hasPrefix("Tests/Fixtures/zoom-openapi/"), url.pathExtension == "json" { continue }
                result.append((path, try String(contentsOf: url, encoding: .utf8)))
            }
        }
        return result
    }

    @Test("nothing points to a folder beside the repository")
    func noOutsidePaths() throws {
        let texts = try Self.texts()
        #expect(texts.count > 100)
        let outside = ["../" + "shared", "shared" + "/spec", "shared" + "/reference"]
        for (path, text) in texts {
            for needle in outside where text.contains(needle) {
                Issue.record("\(path) mentions \(needle)")
            }
        }
    }

    @Test("every Markdown page a text names is a file in the repository")
    func namedPagesExist() throws {
        let root = RepositoryFiles.root
        var pages = Set<String>()
        let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        for case let url as URL in walker {
            if url.lastPathComponent.hasPrefix(".build") || url.lastPathComponent == ".git" {
                walker.skipDescendants()
                continue
            }
            if url.pathExtension == "md" { pages.insert(url.lastPathComponent) }
        }
        #expect(pages.isSuperset(of: ["README.md", "input.md", "sync-rules.md", "SIMULATOR.md", "SOURCE.md"]))
        let generated: Set<String> = ["results.md"]  // written by the benchmark scripts into their run folders
        let name = try NSRegularExpression(pattern: #"[A-Za-z0-9_-]+\.md\b"#)
        for (path, text) in try Self.texts() {
            for match in name.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let page = String(text[Range(match.range, in: text)!])
                if !pages.contains(page), !generated.contains(page) {
                    Issue.record("\(path) names \(page), which is not in the repository")
                }
            }
        }
    }

    @Test("every relative link in README.md and docs/ leads to a file")
    func relativeLinksResolve() throws {
        let root = RepositoryFiles.root
        let link = try NSRegularExpression(pattern: #"\]\(([^)#:]+)(#[^)]*)?\)"#)
        var checked = 0
        for (path, text) in try Self.texts()
        where path == "README.md" || (path.hasPrefix("docs/") && path.hasSuffix(".md")) {
            let folder = root.appendingPathComponent(path).deletingLastPathComponent()
            for match in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let target = String(text[Range(match.range(at: 1), in: text)!])
                checked += 1
                #expect(
                    FileManager.default.fileExists(atPath: folder.appendingPathComponent(target).path),
                    "\(path) links to \(target)")
            }
        }
        #expect(checked > 10)
    }
}
