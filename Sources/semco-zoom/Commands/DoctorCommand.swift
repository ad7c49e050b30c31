import ArgumentParser

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'doctor' is not built yet")
    }
}
