import Foundation
import Glibc
import Testing
@testable import Grading

/// A grader that has no file descriptor left (its RLIMIT_NOFILE reached) when it starts a test
/// run or a child process says which step failed and why. Each test lowers the limit in a
/// process of its own (Swift Testing's exit tests), never in the test runner.
@Suite struct DescriptorExhaustionTests {
    @Test func aRunFolderThatCannotBeOpenedIsAnErrorAndIsRemoved() async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("run-folders-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) { [parent = parent as String] in
            // mkdtemp needs no descriptor; opening the folder it made does.
            useUpFileDescriptors()
            do throws(GradingError) {
                _ = try PrivateRunFolder(in: parent)
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                exit(0)
            }
            exit(1)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.hasPrefix("error: cannot open the test run's folder \(parent)/run-"), "\(message)")
        #expect(message.hasSuffix(": Too many open files\n"), "\(message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == [], "the folder it could not open is left behind")
    }

    @Test func aPipeThatCannotBeCreatedIsAnError() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            useUpFileDescriptors()
            do throws(GradingError) {
                _ = try ChildProcess(executable: "true", arguments: [], environment: [:], workingDirectory: "/",
                                     timeout: .seconds(10)).run()
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                exit(0)
            }
            exit(1)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message == "error: cannot create a pipe: Too many open files\n")
    }
}

/// Lowers this process's soft limit of open files to the descriptors it has open now, so the
/// next one it opens fails with EMFILE (the kernel hands out the lowest free number, and that
/// one is then at the limit). For exit tests only.
private func useUpFileDescriptors() {
    let lowestFree = open("/dev/null", O_RDONLY)
    close(lowestFree)
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    limit.rlim_cur = rlim_t(lowestFree)
    guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
        FileHandle.standardError.write(Data("cannot lower RLIMIT_NOFILE: \(errnoText())\n".utf8))
        exit(2)
    }
}
