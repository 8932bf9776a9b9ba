#pragma once

#include <QObject>
#include <QStringList>

class QMenu;
class QWidget;

namespace infrastage::gui {

class Autosaver;
class Document;

// New, Open, Save, Save As, recent files, the unsaved-changes prompt and crash recovery for
// one window's document. A file that cannot be read is reported with the precise reason and
// the open document stays as it was.
class FileController final : public QObject {
    Q_OBJECT

public:
    FileController(Document *document, QWidget *window);

    static QString fileFilter();
    // Tests switch message boxes off; errors then only go to lastError().
    void setInteractive(bool interactive) { m_interactive = interactive; }
    QString lastError() const { return m_lastError; }
    // What the last import could not understand, line by line.
    QStringList lastWarnings() const { return m_lastWarnings; }

    // Opens a design, or imports a diagram (Mermaid, or Markdown holding one) into a new,
    // unsaved design; the kind of file decides.
    bool openPath(const QString &path);
    bool importDiagram();
    bool newFromTemplateGallery();
    bool open();
    bool save();
    bool saveAs();
    // Asks to save unsaved changes; false when the user cancels.
    bool maybeSave();
    // Offers to restore a recovery file left by a crashed run.
    void offerRecovery();

    QStringList recentFiles() const;
    void fillRecentMenu(QMenu *menu);
    Autosaver *autosaver() const { return m_autosaver; }

Q_SIGNALS:
    void recentFilesChanged();
    void opened();

private:
    bool importPath(const QString &path);
    void addRecent(const QString &path);
    void report(const QString &title, const QString &message);

    Document *m_document;
    QWidget *m_window;
    Autosaver *m_autosaver;
    bool m_interactive = true;
    QString m_lastError;
    QStringList m_lastWarnings;
};

} // namespace infrastage::gui
