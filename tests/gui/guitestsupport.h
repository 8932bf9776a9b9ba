#pragma once

// Helpers shared by the GUI tests: loading the examples, comparing models as JSON, and
// driving the canvas with real mouse events.
#include "io/jsonformat.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QApplication>
#include <QFile>
#include <QMouseEvent>
#include <QStandardPaths>
#include <QTest>
#include <QWidget>

namespace infrastage::gui::testing {

inline TopologyData example(const char *name) {
    TopologyData data;
    QString error;
    const QString path = QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/%1.infra.json")
                             .arg(QString::fromLatin1(name));
    if (!TopologyFile::load(path, &data, &error))
        qFatal("cannot load %s: %s", qPrintable(path), qPrintable(error));
    return data;
}

inline QByteArray json(const TopologyData &data) {
    return JsonFormat::write(data);
}

inline void sendMouse(QWidget *target, QEvent::Type type, const QPoint &pos, Qt::MouseButton button,
                      Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QMouseEvent event(type, QPointF(pos), target->mapToGlobal(QPointF(pos)), button, buttons,
                      modifiers);
    QApplication::sendEvent(target, &event);
}

// A left-button drag from `from` to `to` in a few steps, as a hand would do it.
inline void drag(QWidget *target, const QPoint &from, const QPoint &to) {
    sendMouse(target, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 5; ++i) {
        const QPoint p = from + (to - from) * i / 5;
        sendMouse(target, QEvent::MouseMove, p, Qt::NoButton, Qt::LeftButton);
    }
    sendMouse(target, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

// Writes `bytes` to `path` and returns the path; a test that cannot write its input stops.
inline QString writeTestFile(const QString &path, const QByteArray &bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Settings and recovery files of tests go to a throw-away place, not the user's.
inline void isolateSettings() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("InfrastageTests"));
    QCoreApplication::setApplicationName(QStringLiteral("infrastage-gui-tests"));
}

} // namespace infrastage::gui::testing
