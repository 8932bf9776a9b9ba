#include "eventlineparser.h"
#include "events/eventpairs.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QVarLengthArray>

#include <algorithm>
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
    // Any value, skipped over (validated later by the JSON parser): its text.
    bool value(QByteArrayView *text) {
        skipSpace();
        if (m_p == m_end)
            return false;
        if (*m_p == '{' || *m_p == '[')
            return object(text, *m_p);
        const char *start = m_p;
        if (*m_p == '"') {
            ++m_p;
            while (m_p != m_end && *m_p != '"')
                m_p += (*m_p == '\\' && m_p + 1 != m_end) ? 2 : 1;
            if (m_p == m_end)
                return false;
            ++m_p;
        } else {
            while (m_p != m_end && !std::strchr(",}] \t\r\n", *m_p))
                ++m_p;
        }
        *text = QByteArrayView(start, m_p - start);
        return m_p != start;
    }
    // An object (or with `open` '[', an array), skipped over; strings may hold escapes and
    // braces. Validated later by the JSON parser.
    bool object(QByteArrayView *text, char open = '{') {
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
                    return *start == open;
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
        if (const EventPairs::Pair *pair = EventPairs::find(e->kind); pair && pair->led())
            return true; // addPair parses each event's part of the text instead
        const QJsonDocument doc = QJsonDocument::fromJson(e->detailsJson);
        if (!doc.isObject())
            return false;
        e->details = doc.object();
    }
    return true;
}

namespace {

QJsonObject parseObject(const QByteArray &text, bool *ok) {
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    *ok = *ok && doc.isObject();
    return doc.object();
}

} // namespace

// A pair's line's details as text (found by scanning, not parsing), cut into its events' texts:
// the lead's is the object in its field, the first's the line's (with a lead: without the lead's
// field and the delay, which the lb writes last, so it is a prefix of the line's), the second's
// its fields copied as they are (unless `second` is null). False for text the scanner does not
// follow (an escaped key).
bool EventLineParser::splitText(const EventPairs::Pair &pair, const QByteArray &text,
                                RuntimeEvent *lead, RuntimeEvent *first, RuntimeEvent *second,
                                qint64 *delay) {
    const bool led = pair.led();
    QByteArray secondText;
    if (second) {
        secondText.reserve(text.size());
        secondText += '{';
    }
    const auto append = [](QByteArray &out, QByteArrayView key, QByteArrayView value) {
        if (out.size() > 1)
            out += ',';
        out += '"';
        out += key;
        out += "\":";
        out += value;
    };
    // The first's fields; while they are a prefix of the line's, where that prefix ends.
    QVarLengthArray<std::pair<QByteArrayView, QByteArrayView>, 16> firstFields;
    qsizetype prefixEnd = 1;
    bool prefix = true, pastPrefix = false;
    Cursor c(text);
    bool ok = c.take('{');
    bool more = ok && !c.take('}');
    while (ok && more) {
        QByteArrayView key, value;
        ok = c.plainString(&key) && c.take(':') && c.value(&value);
        if (!ok)
            break;
        const QLatin1String name(key);
        if (led && name == EventPairs::kDelayField) {
            double d = 0;
            const auto r = std::from_chars(value.data(), value.data() + value.size(), d);
            ok = r.ec == std::errc() && r.ptr == value.data() + value.size();
            *delay = qint64(d);
            pastPrefix = true;
        } else if (led && name == pair.leadField) {
            ok = value.startsWith('{');
            lead->detailsJson = value.toByteArray();
            pastPrefix = true;
        } else {
            firstFields.append({key, value});
            prefix = prefix && !pastPrefix;
            if (prefix)
                prefixEnd = value.data() + value.size() - text.constData();
            if (second && pair.isSecondField(name))
                append(secondText, key, value);
        }
        more = c.take(',');
        if (!more)
            ok = c.take('}');
    }
    if (!ok)
        return false;
    if (!led) {
        first->detailsJson = text; // every field of the line: shared, not copied
    } else if (prefix) {
        first->detailsJson = text.first(prefixEnd) + '}';
    } else {
        QByteArray firstText = "{";
        firstText.reserve(text.size());
        for (const auto &[key, value] : firstFields)
            append(firstText, key, value);
        first->detailsJson = firstText + '}';
    }
    if (second)
        second->detailsJson = secondText + '}';
    return true;
}

// The events of a pair's line (events/eventpairs.h), with their details as text when the line's
// are, parsed as the line's would have been.
void EventLineParser::addPair(const EventPairs::Pair &pair, RuntimeEvent &line,
                              QList<RuntimeEvent> *events) {
    const bool led = pair.led();
    RuntimeEvent lead, first, second;
    for (RuntimeEvent *e : {&lead, &first, &second}) {
        e->t = line.t;
        e->node = line.node;
        e->trace = line.trace;
    }
    if (led)
        lead.kind = intern(QByteArrayView(pair.lead.data(), pair.lead.size()));
    first.kind = intern(QByteArrayView(pair.first.data(), pair.first.size()));
    second.kind = intern(QByteArrayView(pair.second.data(), pair.second.size()));
    qint64 delay = 0;
    // Parsed: the second's details come from the first's parsed object, not from text.
    const bool parse = m_parseRequestDetails || line.trace.isEmpty();
    bool ok = !line.detailsJson.isEmpty() &&
              splitText(pair, line.detailsJson, &lead, &first, parse ? nullptr : &second, &delay);
    if (ok && parse) {
        if (led) { // scan() left the line's details as text: each event's part is parsed
            lead.details = parseObject(lead.detailsJson, &ok);
            first.details = parseObject(first.detailsJson, &ok);
        } else {
            first.details = line.details;
        }
        second.details = EventPairs::secondDetails(pair, first.details);
    }
    if (!ok) { // text the scanner does not follow, or read by the full parser: parsed whole
        for (RuntimeEvent *e : {&lead, &first, &second})
            e->detailsJson.clear();
        if (line.details.isEmpty() && !line.detailsJson.isEmpty())
            line.details = QJsonDocument::fromJson(line.detailsJson).object();
        const QList<QJsonObject> parts = EventPairs::splitDetails(pair, line.details);
        qsizetype i = 0;
        if (led) {
            lead.details = parts[i++];
            delay = qint64(line.details.value(EventPairs::kDelayField).toDouble());
        }
        first.details = parts[i++];
        second.details = parts[i];
    }
    if (led) {
        first.t += delay;
        second.t += delay;
        events->append(std::move(lead));
    }
    events->append(std::move(first));
    events->append(std::move(second));
}

bool EventLineParser::parse(QByteArrayView line, QList<RuntimeEvent> *events) {
    RuntimeEvent e;
    if (!scan(line, &e)) {
        e = RuntimeEvent();
        if (!RuntimeEvent::fromJsonLine(line.toByteArray(), &e))
            return false;
    }
    if (const EventPairs::Pair *pair = EventPairs::find(e.kind))
        addPair(*pair, e, events);
    else
        events->append(std::move(e));
    return true;
}

} // namespace infrastage::runtime
