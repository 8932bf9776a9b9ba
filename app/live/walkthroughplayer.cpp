#include "walkthroughplayer.h"

#include "timelinebar.h"
#include "waterfallview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace infrastage::gui {

using runtime::WalkthroughStep;

namespace {

// An HTTP message's head as it crossed the wire ("GET / HTTP/1.1", then "Name: value" lines)
// from the {"line", "headers": [[name, value], ...]} the roles report; empty for anything else.
QString httpHead(const QJsonObject &o) {
    const QJsonValue line = o.value(QLatin1String("line"));
    const QJsonValue headers = o.value(QLatin1String("headers"));
    if (o.size() != 2 || !line.isString() || !headers.isArray())
        return QString();
    QString text = line.toString();
    for (const QJsonValue &h : headers.toArray()) {
        const QJsonArray pair = h.toArray();
        if (pair.size() != 2)
            return QString();
        text += QStringLiteral("\n%1: %2").arg(pair.at(0).toString(), pair.at(1).toString());
    }
    return text;
}

QString valueText(const QJsonValue &v) {
    if (v.isString())
        return v.toString();
    if (const QString head = httpHead(v.toObject()); !head.isEmpty())
        return head;
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented));
    return v.toVariant().toString();
}

// A JSON object as the hop inspector shows it: short values as "key: value" lines, HTTP heads
// and other long texts and nested values in blocks of their own.
QString block(const QJsonObject &o) {
    if (const QString head = httpHead(o); !head.isEmpty())
        return QStringLiteral("<pre>%1</pre>").arg(head.toHtmlEscaped());
    QString lines, blocks;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString text = valueText(it.value()).trimmed();
        if (text.contains(QLatin1Char('\n')) || text.size() > 60)
            blocks += QStringLiteral("<b>%1</b><pre>%2</pre>")
                          .arg(it.key().toHtmlEscaped(), text.toHtmlEscaped());
        else
            lines += QStringLiteral("%1: %2\n").arg(it.key(), text).toHtmlEscaped();
    }
    return (lines.isEmpty() ? QString() : QStringLiteral("<pre>%1</pre>").arg(lines)) + blocks;
}

} // namespace

WalkthroughPlayer::WalkthroughPlayer(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(tr("No request yet: Run the design, then Send Request."), this))
    , m_caption(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_timeline(new TimelineBar(this))
    , m_previous(new QPushButton(tr("◀ Previous"), this))
    , m_play(new QPushButton(tr("▶ Play"), this))
    , m_next(new QPushButton(tr("Next ▶"), this))
    , m_speed(new QComboBox(this))
    , m_inspector(new QTextBrowser(this))
    , m_waterfall(new WaterfallView(this))
    , m_timer(new QTimer(this)) {
    m_title->setWordWrap(true);
    QFont big = m_caption->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_caption->setFont(big);
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption->setObjectName(QStringLiteral("caption"));
    for (double s : {0.5, 1.0, 2.0, 4.0})
        m_speed->addItem(tr("%1 s per step").arg(s), s);
    m_speed->setCurrentIndex(2);
    m_speed->setToolTip(tr("Playing speed"));
    m_previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_previous);
    buttons->addWidget(m_play);
    buttons->addWidget(m_next);
    buttons->addWidget(m_speed);
    buttons->addStretch();

    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_inspector, tr("Hop inspector"));
    tabs->addTab(m_waterfall, tr("Waterfall"));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_list);
    split->addWidget(tabs);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_caption);
    layout->addWidget(m_timeline);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    connect(m_previous, &QPushButton::clicked, this, &WalkthroughPlayer::previous);
    connect(m_next, &QPushButton::clicked, this, &WalkthroughPlayer::next);
    connect(m_play, &QPushButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
    connect(m_timeline, &TimelineBar::scrubbed, this, &WalkthroughPlayer::setCurrent);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row != m_current)
            setCurrent(row);
    });
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_timer->setInterval(int(m_speed->currentData().toDouble() * 1000)); });
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_current + 1 < m_steps.size())
            next();
        else
            pause();
    });
    refresh();
}

void WalkthroughPlayer::begin(const QString &title) {
    pause();
    m_steps.clear();
    m_list->clear();
    m_current = -1;
    m_title->setText(title);
    m_caption->clear();
    m_inspector->clear();
    m_timeline->setTicks({});
    m_waterfall->setSteps({});
    refresh();
}

void WalkthroughPlayer::addStep(const WalkthroughStep &step) {
    m_steps.append(step);
    m_list->addItem(QStringLiteral("%1. %2").arg(int(step.stage)).arg(step.caption));
    QList<double> ticks;
    for (const WalkthroughStep &s : std::as_const(m_steps))
        ticks << s.offsetMs;
    m_timeline->setTicks(ticks);
    m_waterfall->setSteps(m_steps);
    if (m_current < 0)
        setCurrent(0);
    refresh();
}

void WalkthroughPlayer::setSteps(const QString &title, const QList<WalkthroughStep> &steps) {
    begin(title);
    for (const WalkthroughStep &s : steps)
        addStep(s);
}

void WalkthroughPlayer::setOutcome(const QString &text) {
    m_title->setText(m_title->text() + QStringLiteral(" — ") + text);
}

void WalkthroughPlayer::setCurrent(int index) {
    if (index < 0 || index >= m_steps.size())
        return;
    m_current = index;
    const WalkthroughStep &s = m_steps.at(index);
    m_caption->setText(QStringLiteral("<b>%1. %2</b><br>%3")
                           .arg(int(s.stage))
                           .arg(runtime::walkthroughStageTitle(s.stage).toHtmlEscaped(),
                                s.caption.toHtmlEscaped()));
    m_inspector->setHtml(inspectorHtml(index));
    m_timeline->setCurrent(index);
    m_waterfall->setCurrentNode(s.node);
    if (m_list->currentRow() != index)
        m_list->setCurrentRow(index);
    refresh();
    emit stepShown(s);
}

void WalkthroughPlayer::next() {
    setCurrent(m_current + 1);
}

void WalkthroughPlayer::previous() {
    setCurrent(m_current - 1);
}

void WalkthroughPlayer::play() {
    if (m_steps.isEmpty())
        return;
    if (m_current + 1 >= m_steps.size())
        setCurrent(0);
    m_timer->start();
    refresh();
}

void WalkthroughPlayer::pause() {
    m_timer->stop();
    refresh();
}

bool WalkthroughPlayer::isPlaying() const {
    return m_timer->isActive();
}

void WalkthroughPlayer::setSecondsPerStep(double seconds) {
    m_timer->setInterval(int(seconds * 1000));
}

QString WalkthroughPlayer::inspectorText() const {
    return m_inspector->toPlainText();
}

void WalkthroughPlayer::refresh() {
    m_previous->setEnabled(m_current > 0);
    m_next->setEnabled(m_current + 1 < m_steps.size());
    m_play->setEnabled(!m_steps.isEmpty());
    m_play->setText(isPlaying() ? tr("❚❚ Pause") : tr("▶ Play"));
}

QString WalkthroughPlayer::inspectorHtml(int index) const {
    const WalkthroughStep &s = m_steps.at(index);
    QString html = QStringLiteral("<p><b>%1</b></p>").arg(s.caption.toHtmlEscaped());
    html += tr("<p>At <b>%1</b>").arg(s.node.toHtmlEscaped());
    if (!s.from.isEmpty() && !s.to.isEmpty())
        html += tr(", hop %1 → %2").arg(s.from.toHtmlEscaped(), s.to.toHtmlEscaped());
    html += tr(", %1 ms after the request began.").arg(s.offsetMs, 0, 'f', 3);
    if (index > 0) {
        const double gap = s.offsetMs - m_steps.at(index - 1).offsetMs;
        // A step a node recorded when something arrived spent its gap on the wire (and in the
        // kernel's queues) from the sender; one it recorded when it sent something, or one
        // inside a node, spent it in that node.
        if (!s.from.isEmpty() && s.from != s.to && s.node == s.to)
            html +=
                tr(" %1 ms on the wire from %2.").arg(gap, 0, 'f', 3).arg(s.from.toHtmlEscaped());
        else if (!s.from.isEmpty() && s.from != s.to)
            html += tr(" %1 ms since the previous step, until %2 sent it.")
                        .arg(gap, 0, 'f', 3)
                        .arg(s.node.toHtmlEscaped());
        else
            html += tr(" %1 ms inside %2 since the previous step.")
                        .arg(gap, 0, 'f', 3)
                        .arg(s.node.toHtmlEscaped());
    }
    if (s.nodeMs >= 0)
        html += tr(" %1 said it spent %2 ms on it.")
                    .arg(s.node.toHtmlEscaped())
                    .arg(s.nodeMs, 0, 'f', 3);
    html += QStringLiteral("</p>");
    if (!s.inbound.isEmpty())
        html += tr("<p><u>In</u></p>") + block(s.inbound);
    if (!s.outbound.isEmpty())
        html += tr("<p><u>Out</u></p>") + block(s.outbound);
    if (!s.details.isEmpty())
        html += tr("<p><u>Event %1</u></p>").arg(s.kind.toHtmlEscaped()) + block(s.details);
    if (!s.trace.isEmpty())
        html += tr("<p>Trace %1</p>").arg(s.trace);
    return html;
}

} // namespace infrastage::gui
