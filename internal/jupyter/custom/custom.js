// The course's front-end adjustments for the classic Notebook (make serve and
// the image load it from the server's custom/ folder).
//
// A chapter is committed without the kernel's language_info, because GoNB
// reports the Go version that built it, which differs from machine to machine.
// When the kernel starts, the Notebook stores that language_info and, seeing a
// difference, marks the freshly opened chapter "(unsaved changes)". Our
// handler runs first and copies the kernel's language_info into the
// notebook's metadata, so the comparison finds nothing new: the marker then
// appears only after a real edit. Saving still records the kernel's info.
define(['jquery', 'base/js/namespace', 'base/js/events'], function ($, Jupyter, events) {
    'use strict';
    function adoptLanguageInfo(event, data) {
        var nb = Jupyter.notebook;
        var info = data && data.kernel && data.kernel.info_reply;
        if (!nb || !info || !info.language_info) {
            return;
        }
        var mine = nb.metadata.language_info;
        if (!mine || mine.name === info.language_info.name) {
            nb.metadata.language_info = info.language_info;
        }
    }
    events.on('kernel_ready.Kernel', adoptLanguageInfo);
    // jQuery runs handlers in the order they were bound, and the Notebook
    // bound its own before this file loads: move ours to the front.
    var handlers = $._data(events[0], 'events');
    var list = handlers && handlers.kernel_ready;
    if (list && list.length > 1) {
        list.unshift(list.pop());
    }
});
