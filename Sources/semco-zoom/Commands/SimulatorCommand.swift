import ArgumentParser

struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulator", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'simulator' is not built yet")
    }
}
