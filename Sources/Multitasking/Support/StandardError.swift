import Glibc

/// Writes a line on standard error in one `write(2)`, so lines from several threads or
/// processes never interleave inside a line. Foundation-free on purpose: it runs in crash and
/// diagnostic paths.
func writeLineToStandardError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    line.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
