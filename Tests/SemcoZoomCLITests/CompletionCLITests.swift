import Foundation
import SemcoZoomTestSupport
import Testing

/// Shell completions as README shows them installed (and the Containerfile installs them):
/// `semco-zoom --generate-completion-script bash|zsh|fish`, from the real binary.
@Suite("shell completions")
struct CompletionCLITests {
    @Test(
        "the completion script generates for each shell and knows the commands and options",
        arguments: ["bash", "zsh", "fish"])
    func completionScript(shell: String) async throws {
        let result = try await CLIProcess.run(["--generate-completion-script", shell])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        for word in [
            "sync", "plan", "validate", "doctor", "zoom-csv", "metrics-file", "keep-drop", "allow-mass-cancel",
        ] {
            #expect(result.stdout.contains(word), "\(shell): \(word) missing")
        }
        switch shell {
        case "bash": #expect(result.stdout.contains("complete ") && result.stdout.contains("semco-zoom"))
        case "zsh": #expect(result.stdout.hasPrefix("#compdef semco-zoom"))
        default:
            #expect(
                result.stdout.contains("complete -c 'semco-zoom'") || result.stdout.contains("complete -c semco-zoom"))
        }
    }

    @Test("bash accepts the bash script")
    func bashParsesIt() async throws {
        let result = try await CLIProcess.run(["--generate-completion-script", "bash"])
        let tmp = try TemporaryDirectory(prefix: "semco-zoom-completion")
        defer { tmp.remove() }
        let file = try tmp.write("semco-zoom.bash", result.stdout)
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["-n", file.path]
        try bash.run()
        bash.waitUntilExit()
        #expect(bash.terminationStatus == 0)
    }
}
