import CLibXML2
import Synchronization

/// Collects the errors libxml2 reports while it parses or validates, with their places.
///
/// libxml2 reports through a C callback; this class is the callback's context. Parser errors
/// carry a line and column; validation errors carry the offending node, whose line we have
/// and whose column `SourceText` finds.
final class LibXML2Errors {
    struct Entry {
        var line: Int
        var column: Int?
        var node: xmlNodePtr?
        var message: String
    }

    private(set) var entries: [Entry] = []

    /// The callback libxml2 calls; `context` is an unretained `LibXML2Errors`.
    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let errors = Unmanaged<LibXML2Errors>.fromOpaque(context).takeUnretainedValue()
        errors.record(error.pointee)
    }

    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    private func record(_ error: xmlError) {
        var message = error.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.last?.isWhitespace == true { message.removeLast() }
        let node = error.node.map { $0.assumingMemoryBound(to: xmlNode.self) }
        let line = node.map { Int(xmlGetLineNo($0)) } ?? Int(error.line)
        // int2 is the column for parser errors (libxml2 documents it so); 0 means unknown.
        let column = error.domain == Int32(XML_FROM_PARSER.rawValue) && error.int2 > 0
            ? Int(error.int2) : nil
        entries.append(Entry(line: line, column: column, node: node, message: message))
    }
}

/// libxml2's global error handler is per thread, but its initialisation is not: parse and
/// validate one manifest at a time in this process.
let libXML2Lock = Mutex(())
