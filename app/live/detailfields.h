#pragma once

#include "runtimeevent.h"

#include <QByteArrayView>
#include <QString>

#include <array>

namespace infrastage::gui {

// A few top-level fields of an event's details, read where they are: from the parsed object
// when the event has one, else from the JSON text in place, without building a QJsonObject
// (the live canvas reads four fields of thousands of events a second whose details carry
// whole request headers). Nested values are skipped, not read; a string with escapes is
// decoded by the JSON parser. Text that is not a JSON object reads as no fields.
class DetailFields final {
public:
    explicit DetailFields(const runtime::RuntimeEvent &event);

    // The field's string value; "" when absent or not a string.
    QString text(QLatin1StringView key) const;
    // The field's number (integral part); 0 when absent or not a number.
    qint64 number(QLatin1StringView key) const;

private:
    // The raw JSON text of a top-level field's value; false when absent.
    bool raw(QLatin1StringView key, QByteArrayView *value) const;
    void scan(QByteArrayView json);

    struct Field {
        QByteArrayView key; // as written (a key with escapes never matches)
        QByteArrayView value;
    };
    static constexpr int kMaxFields = 24; // the events' details have a dozen at most
    const runtime::RuntimeEvent &m_event;
    bool m_parsed;
    std::array<Field, kMaxFields> m_fields;
    int m_count = 0;
};

} // namespace infrastage::gui
