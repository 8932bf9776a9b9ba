#pragma once

#include <QObject>
#include <QTimer>

namespace infrastage::gui {

class Document;

// Writes unsaved changes to a recovery file every few seconds and removes it once the
// document is saved or closed cleanly; a recovery file left behind means the program died.
class Autosaver final : public QObject {
    Q_OBJECT

public:
    explicit Autosaver(Document *document, QObject *parent = nullptr);

    // Where recovery files live (QStandardPaths::AppDataLocation/recovery).
    static QString recoveryDirectory();
    // A recovery file left by an earlier run, or empty.
    static QString leftoverRecoveryFile();

    void setInterval(int ms) { m_timer.setInterval(ms); }
    QString recoveryPath() const { return m_path; }
    void saveNow();
    void discard(); // after a clean save or close

private:
    Document *m_document;
    QTimer m_timer;
    QString m_path;
};

} // namespace infrastage::gui
