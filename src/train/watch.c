/* watch: see watch.h. */
#include "train/watch.h"

#include <stddef.h>

TrainWatch *train_watch = NULL;
