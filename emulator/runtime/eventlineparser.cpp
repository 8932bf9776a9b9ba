#include "eventlineparser.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cstring>

namespace infrastage::runtime {

namespace {

class Cursor {
public:
    explicit Cursor(QByteArrayView text)
        : m_p(text.data())
        , m_end(text.data() + text.size()) {}

    bool atEnd() const { return m_p == m_end; }
    const char *pos() const { return m_p; }
    void skipSpace() {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\r' || *m_p == '\n'))
            ++m_p;
    }
    bool take(char c) {
        skipSpace();
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }
    // A string without escapes (the only kind this fast path accepts): its body.
    bool plainString(QByteArrayView *body) {
        if (!take('"'))
            return false;
        const char *start = m_p;
        const void *quote = std::memchr(m_p, '"', size_t(m_end - m_p));
        if (!quote)
            return false;
        const char *q = static_cast<const char *>(quote);
        if (std::memchr(start, '\\', size_t(q - start)))
            return false;
        *body = QByteArrayView(start, q - start);
        m_p = q + 1;
        return true;
    }
    bool number(qint64 *value) {
        skipSpace();
        const char *start = m_p;
        while (m_p != m_end && (std::strchr("+-.eE", *m_p) || (*m_p >= '0' && *m_p <= '9')))
            ++m_p;
        double d = 0; // as RuntimeEvent::fromJsonLine reads it: a JSON number is a double
        const auto r = std::from_chars(start, m_p, d);
        if (r.ec != std::errc() || r.ptr != m_p)
            return false;
        *value = qint64(d);
        return true;
    }
    // An object, skipped over; strings may hold escapes and braces. Validated later by the
    // JSON parser.
    bool object(QByteArrayView *text) {
        skipSpace();
        const char *start = m_p;
        int depth = 0;
        while (m_p != m_end) {
            const char c = *m_p++;
            if (c == '"') {
                while (m_p != m_end && *m_p != '"')
                    m_p += (*m_p == '\\' && m_p + 1 != m_end) ? 2 : 1;
                if (m_p == m_end)
                    return false;
                ++m_p;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    *text = QByteArrayView(start, m_p - start);
                    return *start == '{';
                }
            } else if (depth == 0) {
                return false;
            }
        }
        return false;
    }

private:
    const char *m_p;
    const char *m_end;
};

} // namespace

const QString &EventLineParser::intern(QByteArrayView text) {
    for (const auto &[bytes, string] : m_names) {
        if (QByteArrayView(bytes) == text)
            return string;
    }
    if (m_names.size() >= 256) // not a small set after all: stop remembering
        m_names.erase(m_names.begin());
    m_names.emplace_back(text.toByteArray(), QString::fromUtf8(text));
    return m_names.back().second;
}

bool EventLineParser::scan(QByteArrayView line, RuntimeEvent *e) {
    Cursor c(line);
    if (!c.take('{'))
        return false;
    bool haveT = false, haveKind = false, haveDetails = false;
    QByteArrayView details;
    if (c.take('}'))
        return false;
    do {
        QByteArrayView key, value;
        if (!c.plainString(&key) || !c.take(':'))
            return false;
        if (key == "t") {
            if (haveT || !c.number(&e->t))
                return false;
            haveT = true;
        } else if (key == "kind" || key == "node") {
            if (!c.plainString(&value))
                return false;
            (key == "kind" ? e->kind : e->node) = intern(value);
            haveKind = haveKind || key == "kind";
        } else if (key == "trace") {
            if (!c.plainString(&value))
                return false;
            e->trace = QString::fromLatin1(value);
        } else if (key == "details") {
            if (haveDetails || !c.object(&details))
                return false;
            haveDetails = true;
        } else {
            return false; // a field this path does not know: the full parser decides
        }
    } while (c.take(','));
    if (!c.take('}'))
        return false;
    c.skipSpace();
    if (!c.atEnd() || !haveT || !haveKind)
        return false;
    if (haveDetails) {
        e->detailsJson = details.toByteArray();
        if (!m_parseRequestDetails && !e->trace.isEmpty())
            return true;
        const QJsonDocument doc = QJsonDocument::fromJson(e->detailsJson);
        if (!doc.isObject())
            return false;
        e->details = doc.object();
    }
    return true;
}

bool EventLineParser::parse(QByteArrayView line, RuntimeEvent *event) {
    RuntimeEvent e;
    if (scan(line, &e)) {
        *event = std::move(e);
        return true;
    }
    return RuntimeEvent::fromJsonLine(line.toByteArray(), event);
}

} // namespace infrastage::runtime
