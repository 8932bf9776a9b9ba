#pragma once

#include <QObject>
#include <QString>

class QMenu;
class QWidget;

namespace infrastage {
struct ExportOptions;
}

namespace infrastage::gui {

class Document;

// File > Export: the open design, unsaved edits included, written through the same exporters
// as `infrastage-cli export` (images, Mermaid, DOT, draw.io, the engines' configurations).
// A failed export says what and where and leaves what was on disk before untouched.
class ExportController final : public QObject {
    Q_OBJECT

public:
    ExportController(Document *document, QWidget *window);

    // Tests switch dialogs off; errors then only go to lastError().
    void setInteractive(bool interactive) { m_interactive = interactive; }
    QString lastError() const { return m_lastError; }

    // One action per registered format, images first, configurations last.
    void fillMenu(QMenu *menu);
    // Asks where to (and for PNG at what scale), then writes. False when cancelled or failed.
    bool exportInteractively(const QString &format);
    // Writes without asking.
    bool exportTo(const QString &format, const QString &path, const ExportOptions &options);
    // "three-server.png" beside the design, or in the folder of the last export.
    QString suggestedPath(const QString &format) const;

Q_SIGNALS:
    void exported(const QString &path);

private:
    bool confirmNonEmptyFolder(const QString &dir);

    Document *m_document;
    QWidget *m_window;
    bool m_interactive = true;
    QString m_lastError;
};

} // namespace infrastage::gui
