#include "detailfields.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>
#include <cstring>

namespace infrastage::gui {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Past the string that starts at `p` (on its opening quote); nullptr if it does not end.
const char *skipString(const char *p, const char *end) {
    for (++p; p < end; ++p) {
        if (*p == '\\')
            ++p;
        else if (*p == '"')
            return p + 1;
    }
    return nullptr;
}

// Past the value that starts at `p`; nullptr if it does not end before `end`.
const char *skipValue(const char *p, const char *end) {
    if (p >= end)
        return nullptr;
    if (*p == '"')
        return skipString(p, end);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (p < end) {
            const char c = *p;
            if (c == '"') {
                p = skipString(p, end);
                if (!p)
                    return nullptr;
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0)
                return p + 1;
            ++p;
        }
        return nullptr;
    }
    while (p < end && *p != ',' && *p != '}' && !isSpace(*p))
        ++p; // a number, true, false or null
    return p;
}

} // namespace

DetailFields::DetailFields(const runtime::RuntimeEvent &event)
    : m_event(event)
    , m_parsed(!event.details.isEmpty() || event.detailsJson.isEmpty()) {
    if (!m_parsed)
        scan(event.detailsJson);
}

void DetailFields::scan(QByteArrayView json) {
    const char *p = json.data();
    const char *end = p + json.size();
    auto space = [&] {
        while (p < end && isSpace(*p))
            ++p;
    };
    space();
    if (p >= end || *p++ != '{')
        return;
    while (m_count < kMaxFields) {
        space();
        if (p >= end || *p != '"')
            return; // "}" (the end) or not an object
        const char *keyEnd = skipString(p, end);
        if (!keyEnd)
            return;
        const QByteArrayView key(p + 1, keyEnd - 1 - (p + 1));
        p = keyEnd;
        space();
        if (p >= end || *p++ != ':')
            return;
        space();
        const char *valueEnd = skipValue(p, end);
        if (!valueEnd)
            return;
        m_fields[size_t(m_count++)] = {key, QByteArrayView(p, valueEnd - p)};
        p = valueEnd;
        space();
        if (p >= end || *p++ != ',')
            return;
    }
}

bool DetailFields::raw(QLatin1StringView key, QByteArrayView *value) const {
    const QByteArrayView k(key.data(), key.size());
    for (int i = 0; i < m_count; ++i) {
        if (m_fields[size_t(i)].key == k) {
            *value = m_fields[size_t(i)].value;
            return true;
        }
    }
    return false;
}

QString DetailFields::text(QLatin1StringView key) const {
    if (m_parsed)
        return m_event.details.value(key).toString();
    QByteArrayView v;
    if (!raw(key, &v) || v.size() < 2 || v.front() != '"')
        return QString();
    const QByteArrayView body = v.sliced(1, v.size() - 2);
    if (!std::memchr(body.data(), '\\', size_t(body.size())))
        return QString::fromUtf8(body);
    // Escapes: the JSON parser decodes them.
    const QByteArray array = '[' + v.toByteArray() + ']';
    return QJsonDocument::fromJson(array).array().at(0).toString();
}

qint64 DetailFields::number(QLatin1StringView key) const {
    if (m_parsed)
        return m_event.details.value(key).toInteger();
    QByteArrayView v;
    double d = 0;
    if (!raw(key, &v) ||
        std::from_chars(v.data(), v.data() + v.size(), d).ptr != v.data() + v.size())
        return 0;
    return qint64(d);
}

} // namespace infrastage::gui
