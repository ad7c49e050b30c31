import ArgumentParser

struct ZoomCSVCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "zoom-csv", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'zoom-csv' is not built yet")
    }
}
