from . import download
